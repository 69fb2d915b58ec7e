package io.marketplace.gateway;

import io.vertx.core.http.HttpHeaders;

/**
 * Header names (and the one constant value) the gateway reads or writes on most requests, pre-encoded with
 * {@link HttpHeaders#createOptimized}: a plain {@code String} name is hashed character by character on every lookup
 * and every set, which netty's header map showed among the top frames of the request path (docs/performance.md).
 * Same spelling as on the wire before.
 */
public final class HeaderNames {

    public static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("Authorization");
    public static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    public static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    public static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
    public static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    public static final CharSequence LAST_MODIFIED = HttpHeaders.createOptimized("Last-Modified");
    public static final CharSequence IF_NONE_MATCH = HttpHeaders.createOptimized("If-None-Match");
    public static final CharSequence IF_MODIFIED_SINCE = HttpHeaders.createOptimized("If-Modified-Since");
    public static final CharSequence IF_MATCH = HttpHeaders.createOptimized("If-Match");
    public static final CharSequence IDEMPOTENCY_KEY = HttpHeaders.createOptimized("Idempotency-Key");
    public static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
    public static final CharSequence RATE_LIMIT = HttpHeaders.createOptimized("RateLimit");
    public static final CharSequence RATE_LIMIT_POLICY = HttpHeaders.createOptimized("RateLimit-Policy");

    private HeaderNames() {
    }
}
