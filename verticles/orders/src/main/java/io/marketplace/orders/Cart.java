package io.marketplace.orders;

import io.marketplace.common.json.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A user's cart as clients see it. */
record Cart(String userId, List<OrderLine> lines, String checkoutOrderId, long updatedAt) {

    static Cart fromDocument(String userId, JsonObject doc) {
        if (doc == null) {
            return new Cart(userId, List.of(), null, System.currentTimeMillis());
        }
        JsonObject lines = doc.getJsonObject(CartRepository.LINES, new JsonObject());
        return new Cart(userId,
                lines.stream().map(entry -> (JsonObject) entry.getValue())
                        .sorted(java.util.Comparator.comparingLong(line -> line.getLong("added_at", 0L)))
                        .map(OrderLine::fromDocument).toList(),
                doc.getString(CartRepository.CHECKOUT),
                doc.getLong("updated_at", System.currentTimeMillis()));
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("user_id", userId)
                .put("items", new JsonArray(lines.stream().map(OrderLine::toJson).toList()))
                .put("item_count", lines.stream().mapToInt(OrderLine::quantity).sum())
                .put("total", Order.totalOf(lines).toJson())
                .put("currency", Order.CURRENCY)
                .put("updated_at", Timestamps.format(updatedAt));
    }
}
