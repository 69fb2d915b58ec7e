package io.marketplace.orders;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The order lifecycle and its one transition table. */
public enum OrderState {
    RESERVING, PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, CANCELLED, EXPIRED, FAILED;

    private static final Map<OrderState, Set<OrderState>> NEXT = Map.of(
            RESERVING, EnumSet.of(PENDING_PAYMENT, FAILED),
            PENDING_PAYMENT, EnumSet.of(PAID, CANCELLED, EXPIRED),
            PAID, EnumSet.of(SHIPPED, CANCELLED),
            SHIPPED, EnumSet.of(DELIVERED),
            DELIVERED, EnumSet.noneOf(OrderState.class),
            CANCELLED, EnumSet.noneOf(OrderState.class),
            EXPIRED, EnumSet.noneOf(OrderState.class),
            FAILED, EnumSet.noneOf(OrderState.class));

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

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
