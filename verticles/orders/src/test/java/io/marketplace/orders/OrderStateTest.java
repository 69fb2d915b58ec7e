package io.marketplace.orders;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one lookup from a wire name to a state, for stored documents and clients' filters alike. */
class OrderStateTest {

    @ParameterizedTest
    @EnumSource(OrderState.class)
    @DisplayName("every state is found by its exact wire name, the lower-case one stored and sent")
    void exactWireName(OrderState state) {
        assertThat(state.wire()).isEqualTo(state.name().toLowerCase(Locale.ROOT));
        assertThat(OrderState.byWireName(state.wire())).contains(state);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"PAID", "Paid", "PENDING_PAYMENT", "Pending_payment", " paid", "paid ", "pending-payment",
            "pendingpayment", "lost", ""})
    @DisplayName("a state spelled in another case, padded, misspelt, empty or missing is no state")
    void anythingElseRefused(String value) {
        assertThat(OrderState.byWireName(value)).isEmpty();
    }

    @Test
    @DisplayName("a stored order with a status no state has is refused, naming the order and the status")
    void unknownStoredStatus() {
        JsonObject doc = new JsonObject().put("_id", "o-1").put("status", "PAID");

        assertThatThrownBy(() -> Order.fromDocument(doc))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("o-1").hasMessageContaining("PAID");
    }
}
