package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Invariant: no client holds a connection by sending slowly. A new connection must deliver a complete request head
 * within the read timeout, and a request's body must arrive within the read timeout after its head; a kept-alive
 * connection must start its next request within the idle timeout. A stalled head is closed, a stalled body gets
 * 408 and a close; both are logged as client faults, never as server errors. (The server's idle timeout, set on the
 * {@code HttpServerOptions}, covers silence in any state.)
 *
 * <p>One instance per gateway verticle instance: all its callbacks run on that instance's event loop, so the
 * plain map needs no locking.
 */
final class RequestDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    private final Vertx vertx;
    private final long readTimeoutMs;
    private final long idleTimeoutMs;
    private final Map<HttpConnection, Long> awaitingHead = new HashMap<>();

    RequestDeadlines(Vertx vertx, long readTimeoutMs, long idleTimeoutMs) {
        this.vertx = vertx;
        this.readTimeoutMs = readTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** Server connection handler: the first request head is due within the read timeout. */
    void onConnection(HttpConnection connection) {
        connection.closeHandler(closed -> cancelHeadDeadline(connection));
        awaitHead(connection, readTimeoutMs);
    }

    /** Server request handler, before the router: the head is in; a body, if any, is now due. */
    void onRequest(HttpServerRequest request) {
        cancelHeadDeadline(request.connection());
        if (expectsBody(request)) {
            vertx.setTimer(readTimeoutMs, fired -> {
                if (!request.isEnded() && !request.response().ended()) {
                    refuseStalledBody(request);
                }
            });
        }
    }

    /** Once a response ends, the kept-alive connection has the idle timeout to start its next request. */
    void install(Router router) {
        router.route().order(-1).handler(ctx -> {
            HttpConnection connection = ctx.request().connection();
            ctx.addEndHandler(ended -> awaitHead(connection, idleTimeoutMs));
            ctx.next();
        });
    }

    private void awaitHead(HttpConnection connection, long timeoutMs) {
        cancelHeadDeadline(connection);
        long timer = vertx.setTimer(timeoutMs, fired -> {
            if (awaitingHead.remove(connection) != null) {
                LOG.info("Client fault: no complete request head from {} within {} ms; connection closed",
                        connection.remoteAddress(), timeoutMs);
                connection.close();
            }
        });
        awaitingHead.put(connection, timer);
    }

    private void cancelHeadDeadline(HttpConnection connection) {
        Long timer = awaitingHead.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private static boolean expectsBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.strip().equals("0")) || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private void refuseStalledBody(HttpServerRequest request) {
        LOG.info("Client fault: body of {} {} from {} not received within {} ms; 408 and close", request.method(),
                request.path(), request.remoteAddress(), readTimeoutMs);
        ServiceException error = new ServiceException(408, "request_timeout",
                "The request body did not arrive within " + readTimeoutMs + " ms");
        request.response().setStatusCode(408)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(new JsonObject().put("error", error.toJson()).toBuffer())
                .onComplete(sent -> request.connection().close());
    }
}
