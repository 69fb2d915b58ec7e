package io.marketplace.gateway.ops;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.gateway.ErrorMapper;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;

/** {@code GET /metrics}: this node's Prometheus text, or 503 when the node runs without metrics. */
public final class MetricsEndpoint {

    private MetricsEndpoint() {
    }

    public static void handle(RoutingContext ctx) {
        if (BackendRegistries.getDefaultNow() == null) {
            ErrorMapper.respond(ctx, new ServiceException(503, "metrics_disabled",
                    "Metrics are not enabled on this node"));
            return;
        }
        PrometheusScrapingHandler.create().handle(ctx);
    }
}
