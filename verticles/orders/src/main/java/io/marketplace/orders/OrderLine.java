package io.marketplace.orders;

import io.marketplace.common.money.Money;
import io.vertx.core.json.JsonObject;

/** One product in a cart or an order, with the price captured when it was added. */
public record OrderLine(String productId, String name, Money unitPrice, int quantity, String vendorId) {

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }

    public static OrderLine fromDocument(JsonObject doc) {
        return new OrderLine(doc.getString("product_id"), doc.getString("name"),
                Money.ofCents(doc.getLong("unit_price_cents")), doc.getInteger("quantity"), doc.getString("vendor_id"));
    }

    public JsonObject toDocument() {
        return new JsonObject()
                .put("product_id", productId)
                .put("name", name)
                .put("unit_price_cents", unitPrice.cents())
                .put("quantity", quantity)
                .put("vendor_id", vendorId);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("product_id", productId)
                .put("name", name)
                .put("unit_price", unitPrice.toJson())
                .put("quantity", quantity)
                .put("line_total", lineTotal().toJson())
                .put("vendor_id", vendorId);
    }

    /** What the inventory needs to reserve this line. */
    public JsonObject toReservation() {
        return new JsonObject().put("product_id", productId).put("quantity", quantity);
    }
}
