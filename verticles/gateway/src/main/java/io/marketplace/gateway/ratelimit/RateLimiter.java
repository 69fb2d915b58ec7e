package io.marketplace.gateway.ratelimit;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.metrics.DomainMetrics;
import io.marketplace.gateway.ClientKeys;
import io.marketplace.gateway.HeaderNames;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.RoutingContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * RATE_LIMIT_PER_MINUTE requests per client and fixed one-minute window, shared by every gateway of the cluster.
 * Answers carry the IETF draft headers ({@code RateLimit-Policy}, {@code RateLimit}); over the limit it is a 429
 * with {@code Retry-After}. The decision is taken on this node's {@link WindowCounters} without waiting for the
 * cluster: exact with one gateway node; with several, a client may get through the limit plus what the other nodes
 * let through since their last sync (see the README). If the cluster cannot be reached each node keeps counting
 * its own requests: an outage of the counter must not become an outage of the shop.
 */
public final class RateLimiter {

    static final long WINDOW_MILLIS = 60_000;

    private final WindowCounters counters;
    private final ClientKeys clientKeys;
    private final long limit;
    private final CharSequence policy;

    public RateLimiter(WindowCounters counters, ClientKeys clientKeys, long limit) {
        this.counters = counters;
        this.clientKeys = clientKeys;
        this.limit = limit;
        this.policy = HttpHeaders.createOptimized(limit + ";w=" + WINDOW_MILLIS / 1000);
    }

    /** The node's counters, synced through Hazelcast when Vert.x runs clustered on it, purely local otherwise. */
    public static WindowCounters countersFor(Vertx vertx) {
        ClusterCounts cluster = vertx.isClustered()
                && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hz
                ? new HazelcastClusterCounts(hz.getHazelcastInstance()) : null;
        return WindowCounters.of(vertx, cluster);
    }

    /** Syncs the node's windows with the cluster; every gateway instance arms it, the counters run it once. */
    public void syncPeriodically(Vertx vertx) {
        vertx.setPeriodic(WindowCounters.SYNC_INTERVAL_MILLIS,
                id -> counters.tick(windowStart(System.currentTimeMillis())));
    }

    public void handle(RoutingContext ctx) {
        long now = System.currentTimeMillis();
        long windowStart = windowStart(now);
        long resetSeconds = Math.max(1, (windowStart + WINDOW_MILLIS - now + 999) / 1000);
        long count = counters.hit(clientKeys.keyOf(ctx), windowStart, WINDOW_MILLIS, limit);
        HttpServerResponse response = ctx.response();
        response.putHeader(HeaderNames.RATE_LIMIT_POLICY, policy);
        response.putHeader(HeaderNames.RATE_LIMIT,
                "limit=" + limit + ", remaining=" + Math.max(0, limit - count) + ", reset=" + resetSeconds);
        if (count > limit) {
            DomainMetrics.rateLimited();
            response.putHeader("Retry-After", Long.toString(resetSeconds));
            ctx.fail(new ServiceException(429, "rate_limited", "Too many requests: the limit is " + limit
                    + " per minute; retry in " + resetSeconds + " s"));
            return;
        }
        ctx.next();
    }

    private static long windowStart(long now) {
        return now - now % WINDOW_MILLIS;
    }
}
