package io.marketplace.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Business counters next to the Vert.x metrics: users registered, orders created by outcome, payments by status,
 * rate-limited requests. Each node counts what it handled; Prometheus sums the nodes. A no-op when metrics are off.
 */
public final class DomainMetrics {

    private DomainMetrics() {
    }

    /** Role: user or vendor (admins are never self-registered). */
    public static void userRegistered(String role) {
        count("marketplace_users_registered", "Accounts registered", "role", role);
    }

    /** Outcome: created, out_of_stock, failed. */
    public static void orderCheckout(String outcome) {
        count("marketplace_checkouts", "Checkouts by outcome", "outcome", outcome);
    }

    /** Status: succeeded, failed, refunded. */
    public static void payment(String status) {
        count("marketplace_payments", "Payment transactions by final status", "status", status);
    }

    public static void rateLimited() {
        count("marketplace_rate_limited_requests", "Requests refused with 429 by the rate limit", "scope", "gateway");
    }

    private static void count(String name, String description, String tag, String value) {
        MeterRegistry registry = BackendRegistries.getDefaultNow();
        if (registry != null) {
            Counter.builder(name).description(description).tag(tag, value).register(registry).increment();
        }
    }
}
