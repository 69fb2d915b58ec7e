package io.marketplace.common.metrics;

import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/** Turns on Vert.x metrics (HTTP server, event bus, pools, JVM) in a Prometheus registry. */
public final class Observability {

    private Observability() {
    }

    public static VertxOptions withMetrics(VertxOptions options) {
        return options.setMetricsOptions(new MicrometerMetricsOptions()
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                .setJvmMetricsEnabled(true)
                .setEnabled(true));
    }
}
