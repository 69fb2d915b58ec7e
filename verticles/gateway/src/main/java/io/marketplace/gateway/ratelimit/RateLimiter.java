package io.marketplace.gateway.ratelimit;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.metrics.DomainMetrics;
import io.marketplace.gateway.ClientKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.RoutingContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * RATE_LIMIT_PER_MINUTE requests per client and fixed one-minute window, shared by every gateway of the cluster.
 * Answers carry the IETF draft headers ({@code RateLimit-Policy}, {@code RateLimit}); over the limit it is a 429
 * with {@code Retry-After}. If the shared store does not answer quickly the request passes (fail open) and a warning
 * is logged: an outage of the counter must not become an outage of the shop.
 */
public final class RateLimiter {

    static final long WINDOW_MILLIS = 60_000;
    private static final long STORE_TIMEOUT_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimitStore store;
    private final ClientKeys clientKeys;
    private final long limit;

    public RateLimiter(RateLimitStore store, ClientKeys clientKeys, long limit) {
        this.store = store;
        this.clientKeys = clientKeys;
        this.limit = limit;
    }

    /** The cluster-wide store when Vert.x runs on Hazelcast, the in-memory one otherwise. */
    public static RateLimitStore storeFor(Vertx vertx) {
        if (vertx.isClustered() && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hz) {
            return new HazelcastRateLimitStore(vertx, hz.getHazelcastInstance());
        }
        return LocalRateLimitStore.of(vertx);
    }

    public void handle(RoutingContext ctx) {
        String key = clientKeys.keyOf(ctx);
        long now = System.currentTimeMillis();
        long windowStart = now - now % WINDOW_MILLIS;
        long resetSeconds = Math.max(1, (windowStart + WINDOW_MILLIS - now + 999) / 1000);
        HttpServerResponse response = ctx.response();
        response.putHeader("RateLimit-Policy", limit + ";w=" + WINDOW_MILLIS / 1000);
        store.hit(key, windowStart, WINDOW_MILLIS)
                .timeout(STORE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .onComplete(result -> {
                    if (result.failed()) {
                        LOG.warn("Rate-limit store unavailable, letting {} through: {}", key,
                                result.cause().toString());
                        ctx.next();
                        return;
                    }
                    long count = result.result();
                    long remaining = Math.max(0, limit - count);
                    response.putHeader("RateLimit", "limit=" + limit + ", remaining=" + remaining + ", reset="
                            + resetSeconds);
                    if (count > limit) {
                        DomainMetrics.rateLimited();
                        response.putHeader("Retry-After", Long.toString(resetSeconds));
                        ctx.fail(new ServiceException(429, "rate_limited", "Too many requests: the limit is " + limit
                                + " per minute; retry in " + resetSeconds + " s"));
                        return;
                    }
                    ctx.next();
                });
    }
}
