package io.marketplace.gateway.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory windows for a standalone node. One store per Vert.x instance, shared by all gateway verticle instances
 * of the JVM so several event loops enforce one limit; windows from earlier minutes are dropped as they are passed.
 */
public final class LocalRateLimitStore implements RateLimitStore {

    private static final Map<Vertx, LocalRateLimitStore> PER_VERTX = new ConcurrentHashMap<>();

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, AtomicLong count) {
    }

    private LocalRateLimitStore() {
    }

    public static LocalRateLimitStore of(Vertx vertx) {
        return PER_VERTX.computeIfAbsent(vertx, ignored -> new LocalRateLimitStore());
    }

    @Override
    public Future<Long> hit(String clientKey, long windowStart, long windowMillis) {
        Window window = windows.compute(clientKey, (key, current) ->
                current == null || current.start() != windowStart ? new Window(windowStart, new AtomicLong()) : current);
        long count = window.count().incrementAndGet();
        if (windows.size() > 10_000) {
            windows.values().removeIf(stale -> stale.start() < windowStart);
        }
        return Future.succeededFuture(count);
    }
}
