package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads fields of a request body or query, failing with a 400 that names the field and a field code
 * ({@code required}, {@code too_short}, {@code too_long}, {@code not_a_string}, {@code not_a_number},
 * {@code not_whole}, {@code out_of_range}, {@code not_a_boolean}, {@code not_an_object}); run reads through
 * {@link FieldErrors} to report every invalid field at once. Query values arrive as strings, JSON values as numbers:
 * the numeric readers accept both, but never a fractional or out-of-range number. Every number passes
 * {@link BoundedNumbers} before it is compared or converted, also when it arrives on the bus from another client
 * than the gateway.
 */
public final class Input {

    private Input() {
    }

    /**
     * Refuses parameters the operation does not know, so a misspelled filter is a 400 naming it rather than
     * silently ignored (and a whole catalog returned). Details list each one as {@code {field, code, message}}.
     * {@code alsoKnown} are the path parameters, which travel with the query but are not listed as accepted.
     */
    public static void requireOnly(JsonObject params, Set<String> known, String... alsoKnown) {
        Set<String> allowed = new HashSet<>(known);
        allowed.addAll(Arrays.asList(alsoKnown));
        List<String> unknown = params.fieldNames().stream().filter(name -> !allowed.contains(name)).sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        JsonArray errors = new JsonArray();
        unknown.forEach(name -> errors.add(new JsonObject().put("field", name).put("code", "unknown_parameter")
                .put("message", "'" + name + "' is not a parameter of this operation")));
        throw new ServiceException(400, "validation_error", "Unknown parameter" + (unknown.size() > 1 ? "s" : "")
                + ": " + String.join(", ", unknown) + " (accepted: " + String.join(", ", known.stream().sorted()
                .toList()) + ")", new JsonObject().put("field", unknown.get(0)).put("errors", errors));
    }

    public static String requiredString(JsonObject body, String field, int minLength, int maxLength) {
        String value = optionalString(body, field, maxLength);
        if (value == null || value.strip().length() < minLength) {
            if (value == null || value.isBlank()) {
                throw ServiceException.invalidField(field, "required", "'" + field + "' is required");
            }
            throw ServiceException.invalidField(field, "too_short",
                    "'" + field + "' must be at least " + minLength + " characters");
        }
        return value;
    }

    /** The string, or null when absent; wrong types and over-long values are refused. */
    public static String optionalString(JsonObject body, String field, int maxLength) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ServiceException.invalidField(field, "not_a_string", "'" + field + "' must be a string");
        }
        if (text.length() > maxLength) {
            throw ServiceException.invalidField(field, "too_long",
                    "'" + field + "' must be at most " + maxLength + " characters");
        }
        return StrictText.checkValue(text, field);
    }

    public static long requiredLong(JsonObject body, String field, long min, long max) {
        Long value = optionalLong(body, field, min, max);
        if (value == null) {
            throw ServiceException.invalidField(field, "required", "'" + field + "' is required");
        }
        return value;
    }

    public static Long optionalLong(JsonObject body, String field, long min, long max) {
        Object value = body.getValue(field);
        if (value == null || (value instanceof String s && s.isEmpty())) {
            return null;
        }
        BigDecimal number = decimal(value, field);
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw ServiceException.invalidField(field, "not_whole", "'" + field + "' must be a whole number");
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ServiceException.invalidField(field, "out_of_range",
                    "'" + field + "' must be between " + min + " and " + max);
        }
        return number.longValueExact();
    }

    public static int requiredInt(JsonObject body, String field, int min, int max) {
        return (int) requiredLong(body, field, min, max);
    }

    public static int optionalInt(JsonObject body, String field, int min, int max, int fallback) {
        Long value = optionalLong(body, field, min, max);
        return value == null ? fallback : value.intValue();
    }

    public static BigDecimal optionalDecimal(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null || (value instanceof String s && s.isEmpty())) {
            return null;
        }
        return decimal(value, field);
    }

    public static Boolean optionalBoolean(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw ServiceException.invalidField(field, "not_a_boolean", "'" + field + "' must be true or false");
    }

    public static JsonObject optionalObject(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw ServiceException.invalidField(field, "not_an_object", "'" + field + "' must be an object");
        }
        return object;
    }

    private static BigDecimal decimal(Object value, String field) {
        if (value instanceof BigDecimal decimal) {
            return BoundedNumbers.check(decimal, field);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger integer && integer.bitLength() <= 128) {
            return BoundedNumbers.check(new BigDecimal(integer), field);
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return BoundedNumbers.parse(value.toString(), field);
        }
        if (value instanceof String text) {
            return BoundedNumbers.parse(text, field);
        }
        if (value instanceof BigInteger) {
            throw BoundedNumbers.outOfBounds(field);
        }
        throw ServiceException.invalidField(field, "not_a_number", "'" + field + "' must be a number");
    }
}
