package io.marketplace.gateway;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Standard hardening headers; API answers are never cached, the docs page may load only its own assets. */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static void add(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                        + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        if (ctx.request().path().startsWith("/api/")) {
            headers.set("Cache-Control", "no-store");
        }
        ctx.next();
    }
}
