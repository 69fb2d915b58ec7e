package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.gateway.compat.ApiFormat;
import io.marketplace.gateway.compat.FormattedResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP: status plus {@code {"error": {"code", "message", "details"}}}, or the
 * seed's error body when the request's {@link ApiFormat} is the seed's; and the headers a status calls for:
 * {@code WWW-Authenticate} on every 401 (RFC 6750), {@code Retry-After} where trying again later is the remedy
 * (503, and 409 {@code idempotency_in_progress}).
 */
public final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    static final String REALM = "Bearer realm=\"marketplace\"";
    /** Seconds: a lost node is replaced within 10 s, an in-flight first attempt usually finishes within one. */
    public static final String RETRY_UNAVAILABLE_SECONDS = "5";
    static final String RETRY_IN_PROGRESS_SECONDS = "1";

    private ErrorMapper() {
    }

    /** Router failure handler: whatever failed the request, answer with the error body. */
    public static void handle(RoutingContext ctx) {
        respond(ctx, toServiceException(ctx.failure(), ctx.statusCode()));
    }

    public static void respond(RoutingContext ctx, ServiceException error) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        if (error.status() >= 500) {
            LOG.warn("{} {} -> {} {} request_id={}", ctx.request().method(), ctx.request().path(), error.status(),
                    error.code(), RequestIds.get(ctx));
        }
        if (error.status() == 401) {
            response.putHeader("WWW-Authenticate", challenge(error));
        }
        if (error.status() == 503) {
            response.putHeader("Retry-After", RETRY_UNAVAILABLE_SECONDS);
        } else if ("idempotency_in_progress".equals(error.code())) {
            response.putHeader("Retry-After", RETRY_IN_PROGRESS_SECONDS);
        }
        FormattedResponse formatted = ApiFormat.of(ctx).error(ctx, error);
        response.setStatusCode(formatted.status())
                .putHeader(HeaderNames.CONTENT_TYPE, HeaderNames.APPLICATION_JSON);
        ResponseBodies.end(ctx, formatted.body());
    }

    /** The bearer challenge; a refused token adds {@code error="invalid_token"} and what was wrong with it. */
    static String challenge(ServiceException error) {
        if (!TokenProblem.INVALID_TOKEN_CODES.contains(error.code())) {
            return REALM;
        }
        return REALM + ", error=\"invalid_token\", error_description=\""
                + error.getMessage().replace("\\", "").replace("\"", "'") + "\"";
    }

    static ServiceException toServiceException(Throwable failure, int statusCode) {
        if (failure instanceof ServiceException || failure instanceof io.vertx.core.eventbus.ReplyException) {
            return ServiceException.from(failure);
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : statusCode;
        return switch (status) {
            case 400 -> ServiceException.badRequest("The request is malformed");
            case 401 -> TokenProblem.MISSING.toException();
            case 403 -> ServiceException.forbidden("Forbidden");
            case 404 -> ServiceException.notFound("No such route");
            case 405 -> new ServiceException(405, "method_not_allowed", "Method not allowed on this route");
            case 413 -> new ServiceException(413, "payload_too_large", "The request body exceeds 1 MiB");
            case 415 -> new ServiceException(415, "unsupported_media_type", "Unsupported content type");
            default -> {
                if (failure != null) {
                    LOG.error("Unhandled gateway failure", failure);
                }
                yield ServiceException.internal("Internal error");
            }
        };
    }
}
