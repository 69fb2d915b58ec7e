package io.marketplace.gateway.ratelimit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cluster-wide windows in a Hazelcast map. Each request is one entry-processor call executed on the partition that
 * owns the key: an atomic increment with no read-modify-write race between gateways, one network hop at most, and a
 * per-entry TTL so finished windows disappear by themselves.
 */
public final class HazelcastRateLimitStore implements RateLimitStore {

    static final String MAP_NAME = "marketplace.rate-limits";

    private final Vertx vertx;
    private final IMap<String, Long> counters;

    public HazelcastRateLimitStore(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.counters = hazelcast.getMap(MAP_NAME);
    }

    @Override
    public Future<Long> hit(String clientKey, long windowStart, long windowMillis) {
        return Future.fromCompletionStage(
                counters.submitToKey(clientKey + "@" + windowStart, new Increment(windowMillis * 2)),
                vertx.getOrCreateContext());
    }

    /** Adds one to the window's counter and keeps the entry alive for about two windows. */
    static final class Increment implements EntryProcessor<String, Long, Long> {

        private static final long serialVersionUID = 1L;

        private final long ttlMillis;

        Increment(long ttlMillis) {
            this.ttlMillis = ttlMillis;
        }

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            long next = entry.getValue() == null ? 1 : entry.getValue() + 1;
            if (entry instanceof ExtendedMapEntry<String, Long> extended) {
                extended.setValue(next, ttlMillis, TimeUnit.MILLISECONDS);
            } else {
                entry.setValue(next);
            }
            return next;
        }
    }
}
