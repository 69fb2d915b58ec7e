package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One page of a listing, and the one list shape: {@code {"items", "total", "skip", "limit", "next"}}.
 * <p>
 * A client pages by offset ({@code skip}, or the 1-based {@code page} the seed's clients send) or, exactly, by
 * {@code cursor}: the {@code next} value of the previous page, an opaque token holding the {@link Keyset} key of
 * that page's last item. A cursor page starts right after that item whatever was inserted or deleted meanwhile, so
 * it never repeats or skips an item the way offsets drift. A cursor is bound to its query (filters and sort): sent
 * with another query it is a 400, as is a cursor combined with {@code skip} or {@code page}. {@code next} is null
 * on the last page. {@code limit}: absent or 0 means 20, above 100 is taken as 100.
 */
public record Page(int skip, int limit, JsonArray after, String query) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** The paging parameters every list accepts, besides its own filters. */
    public static final Set<String> PARAMS = Set.of("skip", "page", "limit", "cursor");

    private static final int MAX_CURSOR = 2048;

    /** An offset page, outside any request (a cursor it gives continues an unfiltered listing). */
    public Page(int skip, int limit) {
        this(skip, limit, null, fingerprint(new JsonObject()));
    }

    public static Page from(JsonObject params) {
        Long requested = Input.optionalLong(params, "limit", 0, Long.MAX_VALUE);
        int limit = requested == null || requested == 0 ? DEFAULT_LIMIT : (int) Math.min(requested, MAX_LIMIT);
        String query = fingerprint(params);
        String cursor = Input.optionalString(params, "cursor", MAX_CURSOR);
        if (cursor != null && !cursor.isEmpty()) {
            if (present(params, "skip") || present(params, "page")) {
                throw ServiceException.invalidField("cursor", "'cursor' cannot be combined with 'skip' or 'page'");
            }
            return decode(cursor, query, limit);
        }
        if (present(params, "skip")) {
            return new Page(Input.optionalInt(params, "skip", 0, 1_000_000, 0), limit, null, query);
        }
        return new Page((Input.optionalInt(params, "page", 1, 100_000, 1) - 1) * limit, limit, null, query);
    }

    /** Items to skip in the store: the offset, or none when a cursor's key says where to start. */
    public int offset() {
        return after == null ? skip : 0;
    }

    /** Items to fetch: one more than the page, to know whether a next page exists. */
    public int fetch() {
        return limit + 1;
    }

    /** The store filter for this page: the listing's own, and "after the cursor's key" when there is one. */
    public JsonObject filter(JsonObject filter, Keyset order) {
        if (after == null) {
            return filter;
        }
        return new JsonObject().put("$and", new JsonArray().add(filter).add(order.after(after)));
    }

    /** This page of a whole listing already sorted in {@code order} (held in memory). */
    public <T> List<T> window(List<T> sorted, Function<T, JsonArray> keyOf, Keyset order) {
        int from = startIn(sorted, keyOf, order);
        return sorted.subList(from, Math.min(sorted.size(), from + fetch()));
    }

    /**
     * Where this page starts in a whole listing sorted in {@code order}: the first item after the cursor's key
     * (a binary search), or the offset.
     */
    public <T> int startIn(List<T> sorted, Function<T, JsonArray> keyOf, Keyset order) {
        if (after == null) {
            return Math.min(skip, sorted.size());
        }
        order.requireShape(after);
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (order.compare(keyOf.apply(sorted.get(middle)), after) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * The list body from what was fetched (up to {@link #fetch()} items in order): the first {@code limit} items,
     * and {@code next} when there were more.
     */
    public <T> JsonObject listing(List<T> fetched, long total, Function<T, JsonObject> toJson,
                                  Function<T, JsonArray> keyOf) {
        List<T> items = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        String next = fetched.size() > limit
                ? encode(keyOf.apply(items.get(items.size() - 1)), skip + items.size())
                : null;
        List<JsonObject> json = new ArrayList<>(items.size());
        items.forEach(item -> json.add(toJson.apply(item)));
        return new JsonObject()
                .put("items", new JsonArray(json))
                .put("total", total)
                .put("skip", skip)
                .put("limit", limit)
                .put("next", next);
    }

    private String encode(JsonArray key, int position) {
        JsonObject cursor = new JsonObject().put("q", query).put("k", key).put("s", position);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.toBuffer().getBytes());
    }

    private static Page decode(String cursor, String query, int limit) {
        JsonObject decoded;
        try {
            decoded = new JsonObject(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw Keyset.invalidCursor();
        }
        if (!query.equals(decoded.getValue("q"))) {
            throw ServiceException.invalidField("cursor", "'cursor' belongs to another query: keep the filters and "
                    + "sort of the page that gave it");
        }
        if (!(decoded.getValue("k") instanceof JsonArray key) || !(decoded.getValue("s") instanceof Number position)
                || position.intValue() < 0) {
            throw Keyset.invalidCursor();
        }
        return new Page(position.intValue(), limit, key, query);
    }

    /** Identifies the query a cursor continues: every parameter but the paging ones. */
    private static String fingerprint(JsonObject params) {
        JsonObject query = new JsonObject();
        params.forEach(param -> {
            if (!PARAMS.contains(param.getKey())) {
                query.put(param.getKey(), param.getValue());
            }
        });
        return CanonicalJson.sha256(query).substring(0, 16);
    }

    private static boolean present(JsonObject params, String field) {
        Object value = params.getValue(field);
        return value != null && !"".equals(value);
    }
}
