package io.marketplace.products;

import io.marketplace.common.json.Timestamps;
import io.marketplace.common.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A catalog entry as stored; {@link #toJson()} is what clients see (no reservations, price as a decimal).
 * {@code version} counts every write to the product, reservations included: the read model keeps the highest
 * version it has seen, and clients may use it to tell two states of a product apart.
 */
public record Product(String id, String name, String description, Money price, String category, int stock,
                      int sold, String vendorId, String imageUrl, boolean deleted, Instant createdAt,
                      Instant updatedAt, long version) {

    public static Product fromDocument(JsonObject doc) {
        return new Product(
                doc.getString("_id"),
                doc.getString("name"),
                doc.getString("description", ""),
                Money.ofCents(doc.getLong("price_cents")),
                doc.getString("category"),
                doc.getInteger("stock", 0),
                doc.getInteger("sold", 0),
                doc.getString("vendor_id"),
                doc.getString("image_url"),
                doc.getBoolean("deleted", false),
                Instant.ofEpochMilli(doc.getLong("created_at")),
                Instant.ofEpochMilli(doc.getLong("updated_at")),
                doc.getLong("version", 0L));
    }

    /** The product as clients (and event consumers) see it; {@code sold} is not part of it and reads as 0. */
    public static Product fromJson(JsonObject json) {
        return new Product(
                json.getString("id"),
                json.getString("name"),
                json.getString("description", ""),
                Money.of(json.getValue("price").toString()),
                json.getString("category"),
                json.getInteger("stock", 0),
                0,
                json.getString("vendor_id"),
                json.getString("image_url"),
                !json.getBoolean("is_active", true),
                Instant.parse(json.getString("created_at")),
                Instant.parse(json.getString("updated_at")),
                json.getLong("version", 0L));
    }

    /** The new document: version 1, no reservations yet. */
    public JsonObject toDocument() {
        return new JsonObject()
                .put("_id", id)
                .put("name", name)
                .put("description", description)
                .put("price_cents", price.cents())
                .put("category", category)
                .put("category_key", CategoryKey.of(category))
                .put("stock", stock)
                .put("sold", sold)
                .put("vendor_id", vendorId)
                .put("image_url", imageUrl)
                .put("deleted", deleted)
                .put("reservations", new JsonArray())
                .put("restocked_orders", new JsonArray())
                .put("created_at", createdAt.toEpochMilli())
                .put("updated_at", updatedAt.toEpochMilli())
                .put("version", version)
                .put(ProductRepository.CHANGED_AT, updatedAt.toEpochMilli());
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("description", description)
                .put("price", price.toJson())
                .put("category", category)
                .put("stock", stock)
                .put("vendor_id", vendorId)
                .put("image_url", imageUrl)
                .put("is_active", !deleted)
                .put("created_at", Timestamps.format(createdAt))
                .put("updated_at", Timestamps.format(updatedAt))
                .put("version", version);
    }
}
