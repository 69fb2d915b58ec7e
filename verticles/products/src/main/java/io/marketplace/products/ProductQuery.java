package io.marketplace.products;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.Input;
import io.marketplace.common.json.Page;
import io.marketplace.common.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** A validated catalog listing request, turned into a Mongo filter, sort and page. */
record ProductQuery(JsonObject filter, JsonObject sort, Page page) {

    private static final Map<String, JsonObject> SORTS = Map.of(
            "price", new JsonObject().put("price_cents", 1).put("_id", 1),
            "-price", new JsonObject().put("price_cents", -1).put("_id", 1),
            "name", new JsonObject().put("name", 1).put("_id", 1),
            "-name", new JsonObject().put("name", -1).put("_id", 1),
            "created_at", new JsonObject().put("created_at", 1).put("_id", 1),
            "-created_at", new JsonObject().put("created_at", -1).put("_id", -1));

    static ProductQuery from(JsonObject params) {
        String sortKey = Input.optionalString(params, "sort", 20);
        JsonObject sort = SORTS.get(sortKey == null || sortKey.isBlank() ? "-created_at" : sortKey.strip());
        if (sort == null) {
            throw ServiceException.invalidField("sort", "'sort' must be one of price, -price, name, -name, "
                    + "created_at, -created_at");
        }
        return new ProductQuery(filter(params), sort, Page.from(params));
    }

    private static JsonObject filter(JsonObject params) {
        JsonObject filter = new JsonObject().put("deleted", false);
        String search = Input.optionalString(params, "search", 200);
        if (search != null && !search.isBlank()) {
            JsonObject pattern = new JsonObject().put("$regex", literal(search.strip())).put("$options", "i");
            filter.put("$or", new JsonArray()
                    .add(new JsonObject().put("name", pattern))
                    .add(new JsonObject().put("description", pattern.copy())));
        }
        String category = Input.optionalString(params, "category", 100);
        if (category != null && !category.isBlank()) {
            filter.put("category_key", CategoryKey.of(category));
        }
        String vendorId = Input.optionalString(params, "vendor_id", 100);
        if (vendorId != null && !vendorId.isBlank()) {
            filter.put("vendor_id", vendorId);
        }
        Money min = Money.optional(params, "min_price");
        Money max = Money.optional(params, "max_price");
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw ServiceException.invalidField("min_price", "'min_price' must not exceed 'max_price'");
        }
        if (min != null || max != null) {
            JsonObject range = new JsonObject();
            if (min != null) {
                range.put("$gte", min.cents());
            }
            if (max != null) {
                range.put("$lte", max.cents());
            }
            filter.put("price_cents", range);
        }
        if (Boolean.TRUE.equals(Input.optionalBoolean(params, "in_stock"))) {
            filter.put("stock", new JsonObject().put("$gt", 0));
        }
        return filter;
    }

    /** Escapes every regex metacharacter so user text only ever matches itself. */
    static String literal(String text) {
        StringBuilder escaped = new StringBuilder(text.length() * 2);
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}/-".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
