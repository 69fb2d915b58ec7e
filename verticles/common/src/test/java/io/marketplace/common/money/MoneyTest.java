package io.marketplace.common.money;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    @DisplayName("decimals become exact cents and come back with two places")
    void exactCents() {
        Money price = Money.requiredPositive(new JsonObject().put("price", new BigDecimal("19.9")), "price");
        assertThat(price.cents()).isEqualTo(1990);
        assertThat(price.toJson()).isEqualByComparingTo("19.90").hasToString("19.90");
        assertThat(Money.of("0.10").times(3)).isEqualTo(Money.ofCents(30));
        assertThat(Money.of("0.1").plus(Money.of("0.2"))).isEqualTo(Money.of("0.30"));
    }

    @Test
    @DisplayName("a price with three decimals, a zero, a negative, a huge or a non-numeric value is a 400 naming the field")
    void refusesWhatIsNotAPrice() {
        for (Object bad : new Object[] {new BigDecimal("1.999"), 0, -5, new BigDecimal("10000000.01"), "ten"}) {
            assertThatThrownBy(() -> Money.requiredPositive(new JsonObject().put("price", bad), "price"))
                    .as("price %s", bad)
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("'price'");
                    });
        }
        assertThatThrownBy(() -> Money.requiredPositive(new JsonObject(), "price"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    @DisplayName("trailing zeros beyond two places are not extra precision")
    void trailingZeros() {
        assertThat(Money.optional(new JsonObject().put("amount", new BigDecimal("5.500")), "amount"))
                .isEqualTo(Money.ofCents(550));
        assertThat(Money.optional(new JsonObject(), "amount")).isNull();
    }
}
