package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Invariant: no client holds a connection by sending slowly. A new connection must deliver a complete request head
 * within the read timeout, and a request's body must arrive within the read timeout after its head; a kept-alive
 * connection must start its next request within the idle timeout. A stalled head is closed, a stalled body gets
 * 408 and a close; both are logged as client faults, never as server errors. (The server's idle timeout, set on the
 * {@code HttpServerOptions}, covers silence in any state.)
 *
 * <p>Head deadlines are checked by one periodic sweep, not a timer per request: arming and cancelling a timer on
 * every request was a fifth of the CPU of a {@code GET /health} in the profile (docs/performance.md). A deadline
 * is therefore enforced up to one sweep period late ({@link #sweepPeriodMs}, a quarter of the shorter timeout).
 *
 * <p>One instance per gateway verticle instance: all its callbacks run on that instance's event loop, so the
 * plain map needs no locking.
 */
final class RequestDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    private final Vertx vertx;
    private final long readTimeoutMs;
    private final long idleTimeoutMs;
    private final Map<HttpConnection, HeadDeadline> connections = new HashMap<>();

    /** When the connection's next request head is due; unarmed while a request is being served. */
    private static final class HeadDeadline {
        boolean armed;
        long dueNanos;
        long timeoutMs;

        void arm(long timeoutMs) {
            this.armed = true;
            this.timeoutMs = timeoutMs;
            this.dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        }
    }

    RequestDeadlines(Vertx vertx, long readTimeoutMs, long idleTimeoutMs) {
        this.vertx = vertx;
        this.readTimeoutMs = readTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** Starts the sweep on the calling verticle's event loop (its timer ends with the verticle). */
    void start() {
        vertx.setPeriodic(sweepPeriodMs(), ignored -> closeStalledConnections());
    }

    long sweepPeriodMs() {
        return Math.max(10, Math.min(1000, Math.min(readTimeoutMs, idleTimeoutMs) / 4));
    }

    /** Server connection handler: the first request head is due within the read timeout. */
    void onConnection(HttpConnection connection) {
        HeadDeadline deadline = new HeadDeadline();
        deadline.arm(readTimeoutMs);
        connections.put(connection, deadline);
        connection.closeHandler(closed -> connections.remove(connection));
    }

    /** Server request handler, before the router: the head is in; a body, if any, is now due. */
    void onRequest(HttpServerRequest request) {
        HeadDeadline deadline = connections.get(request.connection());
        if (deadline != null) {
            deadline.armed = false;
        }
        if (expectsBody(request)) {
            vertx.setTimer(readTimeoutMs, fired -> {
                if (!request.isEnded() && !request.response().ended()) {
                    refuseStalledBody(request);
                }
            });
        }
    }

    /** Once a response ends, the kept-alive connection has the idle timeout to start its next request. */
    void awaitNextRequest(RoutingContext ctx) {
        HeadDeadline deadline = connections.get(ctx.request().connection());
        if (deadline != null) {
            ctx.addEndHandler(ended -> deadline.arm(idleTimeoutMs));
        }
    }

    private void closeStalledConnections() {
        long now = System.nanoTime();
        List<Map.Entry<HttpConnection, HeadDeadline>> stalled = new ArrayList<>();
        for (Map.Entry<HttpConnection, HeadDeadline> entry : connections.entrySet()) {
            HeadDeadline deadline = entry.getValue();
            if (deadline.armed && now - deadline.dueNanos >= 0) {
                stalled.add(entry);
            }
        }
        for (Map.Entry<HttpConnection, HeadDeadline> entry : stalled) {
            HttpConnection connection = entry.getKey();
            connections.remove(connection);
            LOG.info("Client fault: no complete request head from {} within {} ms; connection closed",
                    connection.remoteAddress(), entry.getValue().timeoutMs);
            connection.close();
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
