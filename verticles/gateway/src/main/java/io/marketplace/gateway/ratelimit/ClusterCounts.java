package io.marketplace.gateway.ratelimit;

import io.vertx.core.Future;

/** The cluster-wide side of the rate limit: one counter per client and window that every gateway node adds to. */
public interface ClusterCounts {

    /** Adds {@code delta} (possibly 0, a plain read) to the counter and returns its new cluster-wide total. */
    Future<Long> add(String windowKey, long delta, long ttlMillis);
}
