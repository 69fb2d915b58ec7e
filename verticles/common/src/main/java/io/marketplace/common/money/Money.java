package io.marketplace.common.money;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.Input;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** An exact amount in minor units (cents). JSON shows it as a decimal number with two places. */
public record Money(long cents) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    /** Up to ten million in major units: enough for any listing, far from overflow when multiplied by quantities. */
    public static final long MAX_CENTS = 1_000_000_000L;

    public static Money ofCents(long cents) {
        return new Money(cents);
    }

    /** Converts a decimal with at most two places; more places are refused rather than rounded. */
    public static Money of(BigDecimal amount) {
        BigDecimal scaled = amount.setScale(2, RoundingMode.UNNECESSARY);
        return new Money(scaled.movePointRight(2).longValueExact());
    }

    public static Money of(String amount) {
        return of(new BigDecimal(amount));
    }

    /** Reads a strictly positive price from a request body field, with a 400 naming the field when it is not one. */
    public static Money requiredPositive(JsonObject body, String field) {
        Money money = optional(body, field);
        if (money == null) {
            throw ServiceException.invalidField(field, "required", "'" + field + "' is required");
        }
        if (money.cents <= 0) {
            throw ServiceException.invalidField(field, "not_positive", "'" + field + "' must be greater than 0");
        }
        return money;
    }

    /** Reads an optional non-negative amount (null when absent). */
    public static Money optional(JsonObject body, String field) {
        BigDecimal value = Input.optionalDecimal(body, field);
        if (value == null) {
            return null;
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw ServiceException.invalidField(field, "too_many_decimals",
                    "'" + field + "' must have at most two decimal places");
        }
        if (value.signum() < 0) {
            throw ServiceException.invalidField(field, "negative", "'" + field + "' must not be negative");
        }
        if (value.compareTo(BigDecimal.valueOf(MAX_CENTS, 2)) > 0) {
            throw ServiceException.invalidField(field, "too_large", "'" + field + "' is too large");
        }
        return of(value.setScale(2, RoundingMode.UNNECESSARY));
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(cents, other.cents));
    }

    public Money times(long quantity) {
        return new Money(Math.multiplyExact(cents, quantity));
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(cents, 2);
    }

    /** The JSON value: a decimal number with two places. */
    public BigDecimal toJson() {
        return toBigDecimal();
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(cents, other.cents);
    }

    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }
}
