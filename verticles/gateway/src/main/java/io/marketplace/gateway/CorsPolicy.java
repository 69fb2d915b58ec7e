package io.marketplace.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS the way browsers expect it: a request from an allowed origin gets the CORS headers, and its preflight is
 * answered here. A request from any other origin (the gateway's own origin included) is served as a plain request
 * without CORS headers, never refused: the browser, not the server, enforces the policy, and same-origin pages such
 * as {@code /docs} must keep working whatever {@code CORS_ORIGINS} says.
 */
final class CorsPolicy {

    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, "
            + RequestIds.HEADER;
    static final String EXPOSED_HEADERS = String.join(", ", RequestIds.HEADER, "Location", "ETag", "Last-Modified",
            "RateLimit", "RateLimit-Policy", "Retry-After", "WWW-Authenticate", "Allow");
    static final String MAX_AGE_SECONDS = "600";
    private static final CharSequence ORIGIN = HttpHeaders.createOptimized("Origin");
    private static final CharSequence REQUEST_METHOD = HttpHeaders.createOptimized("Access-Control-Request-Method");
    private static final CharSequence ALLOW_ORIGIN = HttpHeaders.createOptimized("Access-Control-Allow-Origin");
    private static final CharSequence EXPOSE_HEADERS = HttpHeaders.createOptimized("Access-Control-Expose-Headers");
    private static final CharSequence ANY = HttpHeaders.createOptimized("*");
    private static final CharSequence EXPOSED = HttpHeaders.createOptimized(EXPOSED_HEADERS);

    private final boolean anyOrigin;
    private final Set<String> origins;

    private CorsPolicy(boolean anyOrigin, Set<String> origins) {
        this.anyOrigin = anyOrigin;
        this.origins = origins;
    }

    /** {@code CORS_ORIGINS}: comma-separated origins, or {@code *} (also when unset or empty) for any. */
    static CorsPolicy of(String configured) {
        Set<String> origins = Arrays.stream(configured == null ? new String[0] : configured.split(","))
                .map(CorsPolicy::normalise).filter(origin -> !origin.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new CorsPolicy(origins.isEmpty() || origins.contains("*"), origins);
    }

    /** Adds the CORS headers a request from an allowed origin gets; true when it answered the request (a preflight). */
    boolean apply(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader(ORIGIN);
        if (origin == null || !allows(origin)) {
            return false;
        }
        HttpServerResponse response = ctx.response();
        response.putHeader(ALLOW_ORIGIN, anyOrigin ? ANY : origin);
        if (request.method() == HttpMethod.OPTIONS && request.getHeader(REQUEST_METHOD) != null) {
            response.putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .putHeader("Access-Control-Max-Age", MAX_AGE_SECONDS)
                    .setStatusCode(204)
                    .end();
            return true;
        }
        response.putHeader(EXPOSE_HEADERS, EXPOSED);
        return false;
    }

    boolean allows(String origin) {
        return anyOrigin || origins.contains(normalise(origin));
    }

    private static String normalise(String origin) {
        String stripped = origin.strip();
        return stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
