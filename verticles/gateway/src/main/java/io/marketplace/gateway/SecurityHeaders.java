package io.marketplace.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Standard hardening headers; API answers are never cached, the docs page may load only its own assets. Names and
 * values are pre-encoded ({@link HttpHeaders#createOptimized}): they are set on every response, and a plain
 * {@code String} name is hashed and a value copied character by character each time.
 */
final class SecurityHeaders {

    private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence FRAME_OPTIONS_NAME = HttpHeaders.createOptimized("X-Frame-Options");
    private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
    private static final CharSequence REFERRER_POLICY_NAME = HttpHeaders.createOptimized("Referrer-Policy");
    private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
    private static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence CSP = HttpHeaders.createOptimized("default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private SecurityHeaders() {
    }

    static void add(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set(NOSNIFF_NAME, NOSNIFF)
                .set(FRAME_OPTIONS_NAME, DENY)
                .set(REFERRER_POLICY_NAME, NO_REFERRER)
                .set(CSP_NAME, CSP);
        if (ctx.request().path().startsWith("/api/")) {
            headers.set(HeaderNames.CACHE_CONTROL, NO_STORE);
        }
    }
}
