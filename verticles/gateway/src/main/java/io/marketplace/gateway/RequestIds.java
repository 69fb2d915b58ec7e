package io.marketplace.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Gives every request an id: the client's {@code X-Request-Id} when it is sane, else a new one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
    private static final String KEY = "request-id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static void assign(RoutingContext ctx) {
        String incoming = ctx.request().getHeader(HEADER_NAME);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : newId();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER_NAME, id);
    }

    /**
     * A random (version 4) UUID from the event loop's own random source: a request id needs to be unique, not
     * unguessable, and {@code UUID.randomUUID()} draws from one SecureRandom that every event loop contends for.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC0L << 56)) | (0x80L << 56);
        return new UUID(high, low).toString();
    }

    public static String get(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
