package io.marketplace.gateway.ratelimit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cluster-wide window counters in a Hazelcast map. Each sync is one entry-processor call on the partition owning the
 * key: an atomic add with no read-modify-write race between gateways, and a per-entry TTL so finished windows
 * disappear by themselves. It is called in the background by {@link WindowCounters}, never once per request.
 */
public final class HazelcastClusterCounts implements ClusterCounts {

    static final String MAP_NAME = "marketplace.rate-limits";

    private final IMap<String, Long> counters;

    public HazelcastClusterCounts(HazelcastInstance hazelcast) {
        this.counters = hazelcast.getMap(MAP_NAME);
    }

    @Override
    public Future<Long> add(String windowKey, long delta, long ttlMillis) {
        return Future.fromCompletionStage(counters.submitToKey(windowKey, new Add(delta, ttlMillis)));
    }

    /** Adds a node's delta to the window's counter and keeps the entry alive for about two windows. */
    static final class Add implements EntryProcessor<String, Long, Long> {

        private static final long serialVersionUID = 1L;

        private final long delta;
        private final long ttlMillis;

        Add(long delta, long ttlMillis) {
            this.delta = delta;
            this.ttlMillis = ttlMillis;
        }

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            long current = entry.getValue() == null ? 0 : entry.getValue();
            if (delta == 0 && entry.getValue() != null) {
                return current;
            }
            long next = current + delta;
            if (entry instanceof ExtendedMapEntry<String, Long> extended) {
                extended.setValue(next, ttlMillis, TimeUnit.MILLISECONDS);
            } else {
                entry.setValue(next);
            }
            return next;
        }
    }
}
