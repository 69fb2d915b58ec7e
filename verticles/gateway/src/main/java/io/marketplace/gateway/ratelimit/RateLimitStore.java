package io.marketplace.gateway.ratelimit;

import io.vertx.core.Future;

/** Counts requests per client and fixed time window. */
public interface RateLimitStore {

    /** Records one request of the client in the window starting at {@code windowStart}; returns the count so far. */
    Future<Long> hit(String clientKey, long windowStart, long windowMillis);
}
