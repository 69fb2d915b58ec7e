package io.marketplace.orders;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The order lifecycle and its one transition table. */
public enum OrderState {
    RESERVING, PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, CANCELLED, EXPIRED, FAILED;

    private static final OrderState[] ALL = values();

    private static final Map<OrderState, Set<OrderState>> NEXT = Map.of(
            RESERVING, EnumSet.of(PENDING_PAYMENT, FAILED),
            PENDING_PAYMENT, EnumSet.of(PAID, CANCELLED, EXPIRED),
            PAID, EnumSet.of(SHIPPED, CANCELLED),
            SHIPPED, EnumSet.of(DELIVERED),
            DELIVERED, EnumSet.noneOf(OrderState.class),
            CANCELLED, EnumSet.noneOf(OrderState.class),
            EXPIRED, EnumSet.noneOf(OrderState.class),
            FAILED, EnumSet.noneOf(OrderState.class));

    /** Computed once: every order read and written names its state. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public boolean canMoveTo(OrderState next) {
        return NEXT.get(this).contains(next);
    }

    /** Orders whose reserved stock must go back: they will never be paid. */
    public boolean releasesStock() {
        return this == CANCELLED || this == EXPIRED || this == FAILED;
    }

    /** Orders whose reservation became a sale. */
    public boolean isSold() {
        return this == PAID || this == SHIPPED || this == DELIVERED;
    }

    /** The state's name in JSON and in stored documents (lower case). */
    public String wire() {
        return wire;
    }

    /**
     * The state named exactly {@code value}, for stored documents and clients' filters alike. Exact on purpose: every
     * writer stores {@link #wire()}, and the repository's queries match that exact string, so a state spelled
     * otherwise could be read but never found again.
     */
    public static Optional<OrderState> byWireName(String value) {
        for (OrderState state : ALL) {
            if (state.wire.equals(value)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
