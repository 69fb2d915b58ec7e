package io.marketplace.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Business counters next to the Vert.x metrics: users registered, orders created by outcome, payments by status,
 * rate-limited requests. Each node counts what it handled; Prometheus sums the nodes. A no-op when metrics are off.
 */
public final class DomainMetrics {

    private DomainMetrics() {
    }

    public static void userRegistered() {
        count("marketplace_users_registered", "role", "any");
    }

    /** Outcome: created, out_of_stock, failed. */
    public static void orderCheckout(String outcome) {
        count("marketplace_checkouts", "outcome", outcome);
    }

    /** Status: succeeded, failed, refunded. */
    public static void payment(String status) {
        count("marketplace_payments", "status", status);
    }

    public static void rateLimited() {
        count("marketplace_rate_limited_requests", "scope", "gateway");
    }

    private static void count(String name, String tag, String value) {
        MeterRegistry registry = BackendRegistries.getDefaultNow();
        if (registry != null) {
            registry.counter(name, tag, value).increment();
        }
    }
}
