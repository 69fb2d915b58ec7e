package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every invalid field of one request, so a client fixes its form in one round trip: reads run through
 * {@link #check}, which records a field error instead of throwing it, and {@link #throwIfAny} then fails with one
 * 400 {@code validation_error} whose {@code details} are {@code {field, errors: [{field, code, message}]}}
 * ({@code field} is the first one, kept for clients that read a single field).
 */
public final class FieldErrors {

    public static final String VALIDATION_ERROR = "validation_error";

    private final List<JsonObject> errors = new ArrayList<>();

    /** The value read, or null when the field is invalid (the error is recorded; any other failure propagates). */
    public <T> T check(Supplier<T> read) {
        try {
            return read.get();
        } catch (ServiceException e) {
            if (!VALIDATION_ERROR.equals(e.code()) || !(e.details() instanceof JsonObject details)
                    || details.getJsonArray("errors") == null) {
                throw e;
            }
            details.getJsonArray("errors").forEach(error -> errors.add((JsonObject) error));
            return null;
        }
    }

    /** Records an error found by the caller's own rule (for instance one field compared with another). */
    public FieldErrors add(String field, String code, String message) {
        errors.add(error(field, code, message));
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Fails with every recorded error; the message is the first one's, or a count when there are several. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String message = errors.size() == 1 ? errors.get(0).getString("message")
                : errors.size() + " fields are invalid: " + String.join("; ",
                        errors.stream().map(error -> error.getString("message")).toList());
        throw new ServiceException(400, VALIDATION_ERROR, message, details(errors));
    }

    public static JsonObject error(String field, String code, String message) {
        return new JsonObject().put("field", field).put("code", code).put("message", message);
    }

    public static JsonObject details(List<JsonObject> errors) {
        return new JsonObject()
                .put("field", errors.get(0).getString("field"))
                .put("errors", new JsonArray(List.copyOf(errors)));
    }
}
