package io.marketplace.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Headers every response carries (RFC 9110): {@code Date} in the IMF-fixdate form, and {@code Vary} naming what the
 * answer depends on besides the URL: {@code Accept-Encoding} (the server compresses when asked) and {@code Origin}
 * (CORS headers depend on it), so shared caches never serve a gzip body or another origin's CORS answer by mistake.
 */
final class ProtocolHeaders {

    static final String VARY = "Accept-Encoding, Origin";
    private static final CharSequence DATE = HttpHeaders.createOptimized("Date");
    private static final CharSequence VARY_NAME = HttpHeaders.createOptimized("Vary");
    private static final CharSequence VARY_VALUE = HttpHeaders.createOptimized(VARY);
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The formatted date of the current second: formatting once a second instead of once a request. */
    private static volatile FormattedDate current = new FormattedDate(0, HttpHeaders.createOptimized(""));

    private record FormattedDate(long epochSecond, CharSequence text) {
    }

    private ProtocolHeaders() {
    }

    static void add(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set(DATE, httpDate(System.currentTimeMillis() / 1000)).set(VARY_NAME, VARY_VALUE);
    }

    static CharSequence httpDate(long epochSecond) {
        FormattedDate date = current;
        if (date.epochSecond() != epochSecond) {
            date = new FormattedDate(epochSecond,
                    HttpHeaders.createOptimized(IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond))));
            current = date;
        }
        return date.text();
    }
}
