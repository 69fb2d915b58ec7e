package io.marketplace.gateway;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.JsonText;
import io.marketplace.common.bus.Services;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validators and cache lifetimes (RFC 9110 §8.8 and §13, RFC 9111), so clients and caches can revalidate instead of
 * downloading again, and two vendors editing one product cannot silently overwrite each other.
 * <ul>
 * <li>A resource's weak {@code ETag} is its {@code version} ({@code W/"12"}), which its service raises on every write;
 * its {@code Last-Modified} is its {@code updated_at}. A list page's weak ETag is a digest of the page, which changes
 * whenever an item's version, the total or the next cursor does.</li>
 * <li>{@code If-None-Match} naming the current tag (or {@code *}) answers 304 with the validators and no body.
 * Without it, {@code If-Modified-Since} at or after {@code Last-Modified} answers 304 too (RFC 9110 §13.1.3; an
 * unparseable date is ignored). Every write, a sale's stock change included, moves {@code updated_at}, but HTTP
 * dates count whole seconds: two changes within one second share a date, so the entity tag is the exact validator
 * and wins when both are sent.</li>
 * <li>The public catalog may be stored by any cache for 5 s and served stale for 30 s while it revalidates; a buyer's
 * orders and a vendor's sales only by their own client, revalidated every time; every other {@code /api} answer is
 * never stored.</li>
 * <li>A product write may carry {@code If-Match}: the versions it names travel to the products service as
 * {@code expected_versions}, and the service applies the change only while the product is at one of them (one
 * conditional update, never read-then-write), else 412. Tags are compared by version, weak or not: the version names
 * the product's state exactly. A client cannot set {@code expected_versions} in the body itself.</li>
 * </ul>
 */
final class HttpCaching {

    static final String PUBLIC = "public, max-age=5, stale-while-revalidate=30";
    static final String PRIVATE = "private, no-cache";
    static final String EXPECTED_VERSIONS = "expected_versions";

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** How a read is validated (by its version, or as a list page by digest) and who may store it. */
    private record Policy(String cacheControl, boolean list) {
    }

    /** The readable resources with validators, by service and action. */
    private static final Map<String, Policy> READS = Map.of(
            key(Services.PRODUCTS, Actions.Products.LIST), new Policy(PUBLIC, true),
            key(Services.PRODUCTS, Actions.Products.GET), new Policy(PUBLIC, false),
            key(Services.PRODUCTS, Actions.Products.LIST_CATEGORIES), new Policy(PUBLIC, true),
            key(Services.ORDERS, Actions.Orders.LIST), new Policy(PRIVATE, true),
            key(Services.ORDERS, Actions.Orders.LIST_SOLD), new Policy(PRIVATE, true),
            key(Services.ORDERS, Actions.Orders.GET), new Policy(PRIVATE, false));

    /** The writes that honour If-Match. */
    private static final Set<String> CONDITIONAL_WRITES = Set.of(
            key(Services.PRODUCTS, Actions.Products.UPDATE),
            key(Services.PRODUCTS, Actions.Products.DELETE));

    private HttpCaching() {
    }

    /**
     * Adds the validators and cache lifetime of a read to the response; answers 304 (and returns true) when the
     * client's copy is current, else leaves the 200 to the caller.
     */
    static boolean notModified(RoutingContext ctx, ApiRoute route, JsonObject reply, Buffer body) {
        Policy policy = readPolicy(ctx, route);
        if (policy == null) {
            return false;
        }
        String etag = policy.list() ? pageTag(body) : resourceTag(reply, body);
        return notModified(ctx, policy, etag, policy.list() ? null : JsonText.lastModifiedOf(reply));
    }

    /** The same for an answer the service sent encoded, with the validators it computed ({@link JsonText}). */
    static boolean notModified(RoutingContext ctx, ApiRoute route, JsonText answer) {
        Policy policy = readPolicy(ctx, route);
        return policy != null && notModified(ctx, policy, answer.tag(), answer.lastModified());
    }

    private static Policy readPolicy(RoutingContext ctx, ApiRoute route) {
        HttpMethod method = ctx.request().method();
        return method == HttpMethod.GET || method == HttpMethod.HEAD
                ? READS.get(key(route.service(), route.action())) : null;
    }

    private static boolean notModified(RoutingContext ctx, Policy policy, String etag, String lastModified) {
        MultiMap headers = ctx.response().headers();
        headers.set(HeaderNames.ETAG, etag).set(HeaderNames.CACHE_CONTROL, policy.cacheControl());
        if (lastModified != null) {
            headers.set(HeaderNames.LAST_MODIFIED, lastModified);
        }
        String ifNoneMatch = ctx.request().getHeader(HeaderNames.IF_NONE_MATCH);
        boolean current = ifNoneMatch != null
                ? matches(ifNoneMatch, etag)
                : notModifiedSince(ctx.request().getHeader(HeaderNames.IF_MODIFIED_SINCE), lastModified);
        if (!current) {
            return false;
        }
        headers.remove(HeaderNames.CONTENT_TYPE);
        ctx.response().setStatusCode(304).end();
        return true;
    }

    /**
     * The request body of a write with If-Match: {@code expected_versions} holds the versions the header names
     * ({@code []} when it names none of ours, which no product matches); without the header the key is removed.
     */
    static JsonObject withPreconditions(RoutingContext ctx, ApiRoute route, JsonObject body) {
        if (!CONDITIONAL_WRITES.contains(key(route.service(), route.action()))) {
            return body;
        }
        body.remove(EXPECTED_VERSIONS);
        String ifMatch = ctx.request().getHeader(HeaderNames.IF_MATCH);
        if (ifMatch == null || ifMatch.strip().equals("*")) {
            return body;
        }
        JsonArray versions = new JsonArray();
        for (String tag : tags(ifMatch)) {
            Long version = version(tag);
            if (version != null) {
                versions.add(version);
            }
        }
        return body.put(EXPECTED_VERSIONS, versions);
    }

    /** {@code W/"<version>"}; a resource without a version (none should lack one) falls back to a digest. */
    static String resourceTag(JsonObject reply, Buffer body) {
        return JsonText.resourceTag(reply, body::getBytes);
    }

    static String pageTag(Buffer body) {
        return JsonText.tagOf(body.getBytes());
    }

    /** Weak comparison (RFC 9110 §8.8.3.2) of each listed tag with the current one. */
    static boolean matches(String header, String current) {
        if (header.strip().equals("*")) {
            return true;
        }
        String opaque = opaque(current);
        return tags(header).stream().anyMatch(tag -> opaque.equals(opaque(tag)));
    }

    /** True when the client's date is at or after the resource's last modification (both whole seconds). */
    static boolean notModifiedSince(String ifModifiedSince, String lastModified) {
        if (ifModifiedSince == null || lastModified == null) {
            return false;
        }
        try {
            Instant since = Instant.from(HTTP_DATE.parse(ifModifiedSince.strip()));
            return !Instant.from(HTTP_DATE.parse(lastModified)).isAfter(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The entity tags of an If-Match or If-None-Match list; anything unparseable is kept as is and matches nothing. */
    private static List<String> tags(String header) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            int quote = header.indexOf('"', i);
            if (quote >= 0 && (quote == i || header.startsWith("W/", i) && quote == i + 2)) {
                int end = header.indexOf('"', quote + 1);
                i = end < 0 ? header.length() : end + 1;
            } else {
                int comma = header.indexOf(',', i);
                i = comma < 0 ? header.length() : comma;
            }
            tags.add(header.substring(start, i).strip());
        }
        return tags;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** The version a tag of ours names, or null for any other tag. */
    private static Long version(String tag) {
        String opaque = opaque(tag);
        if (opaque.length() < 3 || opaque.length() > 21 || !opaque.startsWith("\"") || !opaque.endsWith("\"")) {
            return null;
        }
        String digits = opaque.substring(1, opaque.length() - 1);
        return digits.chars().allMatch(Character::isDigit) ? Long.parseLong(digits) : null;
    }

    private static String key(String service, String action) {
        return service + "/" + action;
    }
}
