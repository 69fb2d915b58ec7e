package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;

import java.math.BigDecimal;

/**
 * Invariant: no number from a client is converted to an exact value before its size is known to be small. A number
 * may carry at most {@value #MAX_DIGITS} significant digits and a scale (digits after the point, after applying the
 * exponent) between -{@value #MAX_SCALE} and {@value #MAX_SCALE}; its text is checked before any
 * {@link BigDecimal} or {@link java.math.BigInteger} exists, because turning {@code 1e9999999} into an integer costs
 * seconds of CPU on an event loop while reading its digits costs nothing.
 */
public final class BoundedNumbers {

    public static final int MAX_DIGITS = 30;
    public static final int MAX_SCALE = 30;
    /** Longest accepted number text: digits, sign, point and a short exponent, with room for leading zeros. */
    public static final int MAX_TEXT = 64;

    private static final int MAX_EXPONENT_DIGITS = 4;

    private BoundedNumbers() {
    }

    /**
     * Parses decimal text ({@code 12}, {@code -0.5}, {@code 1.5e3}; a leading {@code +} and leading zeros are
     * tolerated, as query strings carry them) after checking its size; a 400 naming the field otherwise.
     */
    public static BigDecimal parse(String text, String field) {
        String value = text.strip();
        if (value.isEmpty() || value.length() > MAX_TEXT) {
            throw notANumber(field);
        }
        int at = value.charAt(0) == '-' || value.charAt(0) == '+' ? 1 : 0;
        int integerDigits = 0;
        int fractionDigits = 0;
        int significant = 0;
        boolean point = false;
        for (; at < value.length(); at++) {
            char c = value.charAt(at);
            if (c == '.' && !point) {
                point = true;
            } else if (c >= '0' && c <= '9') {
                if (point) {
                    fractionDigits++;
                } else {
                    integerDigits++;
                }
                if (significant > 0 || c != '0') {
                    significant++;
                }
            } else {
                break;
            }
        }
        if (integerDigits + fractionDigits == 0) {
            throw notANumber(field);
        }
        long exponent = 0;
        if (at < value.length()) {
            exponent = exponent(value, at, field);
        }
        long scale = fractionDigits - exponent;
        if (significant > MAX_DIGITS || Math.abs(scale) > MAX_SCALE) {
            throw outOfBounds(field);
        }
        return new BigDecimal(value.charAt(0) == '+' ? value.substring(1) : value);
    }

    /** Checks a number that is already a value (decoded by Jackson elsewhere, or received on the bus). */
    public static BigDecimal check(BigDecimal value, String field) {
        if (value.precision() > MAX_DIGITS || Math.abs((long) value.scale()) > MAX_SCALE) {
            throw outOfBounds(field);
        }
        return value;
    }

    private static long exponent(String value, int at, String field) {
        char marker = value.charAt(at);
        if (marker != 'e' && marker != 'E') {
            throw notANumber(field);
        }
        int start = at + 1;
        if (start < value.length() && (value.charAt(start) == '-' || value.charAt(start) == '+')) {
            start++;
        }
        int digits = value.length() - start;
        if (digits == 0) {
            throw notANumber(field);
        }
        for (int i = start; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw notANumber(field);
            }
        }
        String magnitude = value.substring(start).replaceFirst("^0+(?=.)", "");
        if (magnitude.length() > MAX_EXPONENT_DIGITS) {
            throw outOfBounds(field);
        }
        long exponent = Long.parseLong(magnitude);
        return value.charAt(at + 1) == '-' ? -exponent : exponent;
    }

    private static ServiceException notANumber(String field) {
        return ServiceException.invalidField(field, "'" + field + "' must be a number");
    }

    static ServiceException outOfBounds(String field) {
        return ServiceException.invalidField(field, "'" + field + "' must have at most " + MAX_DIGITS
                + " significant digits and an exponent between -" + MAX_SCALE + " and " + MAX_SCALE);
    }
}
