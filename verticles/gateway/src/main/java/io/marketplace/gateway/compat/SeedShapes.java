package io.marketplace.gateway.compat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The seed system's resources, built from our services' replies (never from stored documents): the same field
 * names and nesting as {@code seed-exchanges.json}, timestamps as the seed prints them (naive UTC, microseconds),
 * and order and payment states in the seed's words. Unknown input fields are dropped, missing ones become null, so
 * a service that adds a field does not change the seed shape.
 */
final class SeedShapes {

    /**
     * Our order states in the seed's words. The seed knows {@code pending} (created, unpaid) and {@code completed}
     * (paid); shipping, delivery and cancellation keep their own names, an expired order reads as cancelled (its
     * stock went back), and a checkout that could not reserve stock reads as failed.
     */
    static final Map<String, String> ORDER_STATUS = Map.of(
            "reserving", "pending",
            "pending_payment", "pending",
            "paid", "completed",
            "shipped", "shipped",
            "delivered", "delivered",
            "cancelled", "cancelled",
            "expired", "cancelled",
            "failed", "failed");

    /** Our transaction states in the seed's words; a refund that went through reads as {@code refunded}. */
    static final Map<String, String> PAYMENT_STATUS = Map.of(
            "processing", "pending",
            "succeeded", "completed",
            "failed", "failed");

    private static final DateTimeFormatter SEED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private SeedShapes() {
    }

    static JsonObject user(JsonObject user) {
        String id = user.getString("id");
        return new JsonObject()
                .put("id", id)
                .put("email", user.getValue("email"))
                .put("role", user.getValue("role"))
                .put("created_at", time(user.getValue("created_at")))
                .put("profile", new JsonObject()
                        .put("user_id", id)
                        .put("full_name", user.getValue("full_name"))
                        .putNull("phone")
                        .putNull("address"));
    }

    static JsonObject tokens(JsonObject tokens) {
        return new JsonObject()
                .put("access_token", tokens.getValue("access_token"))
                .put("refresh_token", tokens.getValue("refresh_token"))
                .put("token_type", tokens.getValue("token_type", "bearer"));
    }

    static JsonObject product(JsonObject product) {
        return new JsonObject()
                .put("name", product.getValue("name"))
                .put("description", product.getValue("description"))
                .put("price", product.getValue("price"))
                .put("category", product.getValue("category"))
                .put("image_url", product.getValue("image_url"))
                .put("stock", product.getValue("stock"))
                .put("id", product.getValue("id"))
                .put("vendor_id", product.getValue("vendor_id"))
                .put("is_active", product.getValue("is_active", true))
                .put("created_at", time(product.getValue("created_at")))
                .put("updated_at", updatedAt(product));
    }

    /** The seed pages by 1-based {@code page}; we answer with {@code skip}, which the seed's page is derived from. */
    static JsonObject productPage(JsonObject listing) {
        int limit = listing.getInteger("limit", 1);
        int skip = listing.getInteger("skip", 0);
        return new JsonObject()
                .put("products", each(listing, SeedShapes::product))
                .put("total", listing.getValue("total"))
                .put("page", limit > 0 ? skip / limit + 1 : 1)
                .put("limit", limit);
    }

    static JsonObject category(JsonObject category) {
        String slug = slug(category.getString("name", ""));
        return new JsonObject()
                .put("name", category.getValue("name"))
                .put("description", category.getValue("description"))
                .put("slug", slug)
                .put("id", slug);
    }

    static JsonArray categories(JsonObject listing) {
        return each(listing, SeedShapes::category);
    }

    static JsonObject cart(JsonObject cart) {
        JsonArray items = new JsonArray();
        for (Object line : cart.getJsonArray("items", new JsonArray())) {
            JsonObject item = (JsonObject) line;
            items.add(new JsonObject()
                    .put("product_id", item.getValue("product_id"))
                    .put("quantity", item.getValue("quantity"))
                    .put("price", item.getValue("unit_price", item.getValue("price")))
                    .put("name", item.getValue("name")));
        }
        return new JsonObject()
                .put("user_id", cart.getValue("user_id"))
                .put("items", items)
                .put("updated_at", time(cart.getValue("updated_at")))
                .put("total", cart.getValue("total"));
    }

    static JsonObject order(JsonObject order) {
        JsonArray items = new JsonArray();
        for (Object line : order.getJsonArray("items", new JsonArray())) {
            JsonObject item = (JsonObject) line;
            items.add(new JsonObject()
                    .put("product_id", item.getValue("product_id"))
                    .put("quantity", item.getValue("quantity"))
                    .put("price", item.getValue("unit_price", item.getValue("price"))));
        }
        String status = order.getString("status");
        return new JsonObject()
                .put("id", order.getValue("id"))
                .put("user_id", order.getValue("user_id"))
                .put("items", items)
                .put("total_amount", order.getValue("total", order.getValue("total_amount")))
                .put("status", status == null ? null : ORDER_STATUS.getOrDefault(status, status))
                .put("created_at", time(order.getValue("created_at")))
                .put("updated_at", updatedAt(order));
    }

    static JsonArray orders(JsonObject listing) {
        return each(listing, SeedShapes::order);
    }

    /** Our transaction id is the seed's {@code transaction_id} too: one id names one attempt. */
    static JsonObject payment(JsonObject payment) {
        String status = payment.getString("status");
        String seedStatus = "refund".equals(payment.getString("type")) && "succeeded".equals(status) ? "refunded"
                : status == null ? null : PAYMENT_STATUS.getOrDefault(status, status);
        return new JsonObject()
                .put("id", payment.getValue("id"))
                .put("order_id", payment.getValue("order_id"))
                .put("user_id", payment.getValue("user_id"))
                .put("amount", payment.getValue("amount"))
                .put("status", seedStatus)
                .put("transaction_id", payment.getValue("id"))
                .put("payment_method", payment.getValue("payment_method"))
                .put("processed_at", "processing".equals(status) ? null : time(payment.getValue("updated_at")))
                .put("created_at", time(payment.getValue("created_at")));
    }

    static JsonArray payments(JsonObject listing) {
        return each(listing, SeedShapes::payment);
    }

    /** A list reply ({@code {"items": [...], ...}}) as the seed's bare array. */
    static JsonArray each(JsonObject listing, Function<JsonObject, JsonObject> shape) {
        JsonArray shaped = new JsonArray();
        for (Object item : listing.getJsonArray("items", new JsonArray())) {
            shaped.add(shape.apply((JsonObject) item));
        }
        return shaped;
    }

    /** The seed leaves {@code updated_at} null until the first change; ours starts equal to {@code created_at}. */
    private static String updatedAt(JsonObject resource) {
        Object updated = resource.getValue("updated_at");
        return updated == null || updated.equals(resource.getValue("created_at")) ? null : time(updated);
    }

    /** Our timestamps (ISO-8601 instants, or epoch milliseconds) as the seed prints them. */
    static String time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number millis) {
            return SEED_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis.longValue()), ZoneOffset.UTC));
        }
        String text = value.toString();
        try {
            return SEED_TIME.format(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notAnInstant) {
            return text;
        }
    }

    static String slug(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
