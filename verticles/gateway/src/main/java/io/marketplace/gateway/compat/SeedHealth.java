package io.marketplace.gateway.compat;

import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Headers;
import io.marketplace.common.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The seed gateway's {@code GET /health}: {@code {"status": "healthy", "services": [...]}}, one entry per service with
 * its status and latency. Ours asks each service's bus address for a {@code ping} (a second at most), so the answer
 * tells whether some node serves it right now. Always 200, as a liveness answer; a service that does not answer is
 * listed as unhealthy and the overall status becomes {@code degraded}.
 */
final class SeedHealth {

    static final long TIMEOUT_MS = 1000;

    private final Vertx vertx;

    SeedHealth(Vertx vertx) {
        this.vertx = vertx;
    }

    void handle(RoutingContext ctx) {
        List<Future<JsonObject>> checks = Services.BUS_SERVICES.stream().map(this::check).toList();
        Future.join(checks).onComplete(ignored -> {
            JsonArray services = new JsonArray();
            checks.forEach(check -> services.add(check.result()));
            boolean healthy = services.stream().allMatch(s -> "healthy".equals(((JsonObject) s).getString("status")));
            JsonObject body = new JsonObject()
                    .put("service", "api-gateway")
                    .put("status", healthy ? "healthy" : "degraded")
                    .put("timestamp", SeedShapes.time(Instant.now().toString()))
                    .put("version", "1.0.0")
                    .put("services", services);
            ctx.response().putHeader("Content-Type", "application/json").end(body.toBuffer());
        });
    }

    /** Never fails: an unanswered ping is an unhealthy entry. */
    private Future<JsonObject> check(String service) {
        long started = System.nanoTime();
        String name = service + "-service";
        return vertx.eventBus()
                .<JsonObject>request(Services.address(service), new JsonObject(), new DeliveryOptions()
                        .setSendTimeout(TIMEOUT_MS).addHeader(Headers.ACTION, ActionDispatcher.PING))
                .map(reply -> entry(name, "healthy", started, new JsonObject().put("service", name)
                        .put("status", "healthy")))
                .otherwise(failure -> entry(name, "unhealthy", started, new JsonObject().put("service", name)
                        .put("status", "unhealthy").put("error", String.valueOf(failure.getMessage()))));
    }

    private static JsonObject entry(String name, String status, long started, JsonObject details) {
        double seconds = (System.nanoTime() - started) / 1e9;
        return new JsonObject()
                .put("service", name)
                .put("status", status)
                .put("latency", String.format(Locale.ROOT, "%.4fs", seconds))
                .put("details", details);
    }
}
