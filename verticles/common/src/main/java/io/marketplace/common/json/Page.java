package io.marketplace.common.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One page of a listing: {@code skip} wins when given, else the 1-based {@code page} the seed's clients send;
 * {@code limit} defaults to 20 and stops at 100. Every list answers {@code {"items", "total", "skip", "limit"}}.
 */
public record Page(int skip, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static Page from(JsonObject params) {
        int limit = Input.optionalInt(params, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        Object skip = params.getValue("skip");
        if (skip != null && !"".equals(skip)) {
            return new Page(Input.optionalInt(params, "skip", 0, 1_000_000, 0), limit);
        }
        return new Page((Input.optionalInt(params, "page", 1, 100_000, 1) - 1) * limit, limit);
    }

    public JsonObject listing(List<JsonObject> items, long total) {
        return new JsonObject()
                .put("items", new JsonArray(items))
                .put("total", total)
                .put("skip", skip)
                .put("limit", limit);
    }
}
