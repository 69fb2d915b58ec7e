package io.marketplace.common.bus;

import io.marketplace.common.json.FieldErrors;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The one error type of the platform. It carries an HTTP-like status, a stable machine-readable code, a message for
 * people and optional details; on the bus it travels as a {@link ReplyException} whose message is this JSON.
 *
 * <p>A client error (status below 500) carries no stack trace: it is an answer, not a fault, and filling in the stack
 * of an event loop on every 404 or 400 was an eighth of the CPU of a 404 under {@code /api} (docs/performance.md).
 * A server error keeps its stack, and a cause keeps its own.
 */
public class ServiceException extends RuntimeException {

    private final int status;
    private final String code;
    private final Object details;

    public ServiceException(int status, String code, String message, Object details) {
        this(status, code, message, details, null);
    }

    private ServiceException(int status, String code, String message, Object details, Throwable cause) {
        super(message, cause, true, status >= 500);
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

    /**
     * A 400 {@code validation_error} for one field: {@code details} is {@code {field, errors: [{field, code,
     * message}]}}, the shape {@link io.marketplace.common.json.FieldErrors} uses for several.
     */
    public static ServiceException invalidField(String field, String fieldCode, String message) {
        return invalidField(field, fieldCode, message, "validation_error");
    }

    /** {@link #invalidField(String, String, String)} with the generic field code {@code invalid}. */
    public static ServiceException invalidField(String field, String message) {
        return invalidField(field, "invalid", message);
    }

    /** A 400 about one field under its own top-level code (a wrong current password is not a malformed request). */
    public static ServiceException invalidField(String field, String fieldCode, String message, String code) {
        return new ServiceException(400, code, message, FieldErrors.details(List.of(
                FieldErrors.error(field, fieldCode, message))));
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
                        "The service is not available right now", null, reply);
                case TIMEOUT -> new ServiceException(504, "service_timeout",
                        "The service did not answer in time");
                default -> fromRecipientFailure(reply);
            };
        }
        return internal("Internal error");
    }

    /**
     * Whether a bus request failed because no consumer was registered at its address: the bus delivered it nowhere,
     * so nothing ran and sending it elsewhere is safe (unlike a service's own 503).
     */
    public static boolean undelivered(Throwable failure) {
        Throwable reply = failure instanceof ServiceException ? failure.getCause() : failure;
        return reply instanceof ReplyException replyException
                && replyException.failureType() == ReplyFailure.NO_HANDLERS;
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
