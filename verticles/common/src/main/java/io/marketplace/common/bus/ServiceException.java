package io.marketplace.common.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The one error type of the platform. It carries an HTTP-like status, a stable machine-readable code, a message for
 * people and optional details; on the bus it travels as a {@link ReplyException} whose message is this JSON.
 */
public class ServiceException extends RuntimeException {

    private final int status;
    private final String code;
    private final Object details;

    public ServiceException(int status, String code, String message, Object details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public ServiceException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public static ServiceException badRequest(String message) {
        return new ServiceException(400, "bad_request", message);
    }

    /** A 400 that names the offending field in {@code details.field}. */
    public static ServiceException invalidField(String field, String message) {
        return new ServiceException(400, "validation_error", message, new JsonObject().put("field", field));
    }

    public static ServiceException unauthorized(String message) {
        return new ServiceException(401, "unauthorized", message);
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(403, "forbidden", message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(404, "not_found", message);
    }

    public static ServiceException conflict(String message) {
        return new ServiceException(409, "conflict", message);
    }

    public static ServiceException conflict(String code, String message, Object details) {
        return new ServiceException(409, code, message, details);
    }

    public static ServiceException internal(String message) {
        return new ServiceException(500, "internal_error", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object details() {
        return details;
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("code", code).put("message", getMessage());
        if (details != null) {
            json.put("details", details);
        }
        return json;
    }

    public ReplyException toReplyException() {
        return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status, toJson().encode());
    }

    /**
     * Recovers the service error from any failure of a bus request: a service's own error keeps its status and code;
     * no handler becomes 503 and a timeout 504, so callers can pass failures through unchanged.
     */
    public static ServiceException from(Throwable failure) {
        if (failure instanceof ServiceException serviceException) {
            return serviceException;
        }
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case NO_HANDLERS -> new ServiceException(503, "service_unavailable",
                        "The service is not available right now");
                case TIMEOUT -> new ServiceException(504, "service_timeout",
                        "The service did not answer in time");
                default -> fromRecipientFailure(reply);
            };
        }
        return internal("Internal error");
    }

    private static ServiceException fromRecipientFailure(ReplyException reply) {
        String message = reply.getMessage();
        if (message != null && message.startsWith("{")) {
            try {
                JsonObject json = new JsonObject(message);
                return new ServiceException(reply.failureCode(), json.getString("code", "error"),
                        json.getString("message", ""), json.getValue("details"));
            } catch (DecodeException ignored) {
                // not one of ours: fall through
            }
        }
        int status = reply.failureCode() >= 400 && reply.failureCode() < 600 ? reply.failureCode() : 500;
        return new ServiceException(status, status == 500 ? "internal_error" : "error",
                status == 500 ? "Internal error" : String.valueOf(message));
    }
}
