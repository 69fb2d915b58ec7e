package io.marketplace.orders;

import io.marketplace.common.json.Timestamps;
import io.marketplace.common.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An order as stored. Amounts are cents; times are epoch milliseconds in MongoDB and ISO-8601 in JSON. {@code version}
 * rises with every write to the order (clients see it, and the gateway's ETag is made from it).
 */
public record Order(String id, String userId, OrderState state, List<OrderLine> lines, Money total,
                    Object shippingAddress, String paymentId, String failureReason, long createdAt, long updatedAt,
                    Long expiresAt, JsonArray history, long version) {

    public static final String CURRENCY = "USD";

    public static Order fromDocument(JsonObject doc) {
        return new Order(
                doc.getString("_id"),
                doc.getString("user_id"),
                storedState(doc),
                doc.getJsonArray("items").stream().map(item -> OrderLine.fromDocument((JsonObject) item)).toList(),
                Money.ofCents(doc.getLong("total_cents")),
                doc.getValue("shipping_address"),
                doc.getString("payment_id"),
                doc.getString("failure_reason"),
                doc.getLong("created_at"),
                doc.getLong("updated_at"),
                doc.getLong("expires_at"),
                doc.getJsonArray("status_history", new JsonArray()),
                doc.getLong("version", 0L));
    }

    private static OrderState storedState(JsonObject doc) {
        String status = doc.getString("status");
        return OrderState.byWireName(status).orElseThrow(() -> new IllegalStateException(
                "Order " + doc.getString("_id") + " is stored with an unknown status: " + status));
    }

    public JsonObject toDocument() {
        return new JsonObject()
                .put("_id", id)
                .put("user_id", userId)
                .put("status", state.wire())
                .put("items", new JsonArray(lines.stream().map(OrderLine::toDocument).toList()))
                .put(OrderRepository.VENDOR_IDS, new JsonArray(lines.stream().map(OrderLine::vendorId).distinct().toList()))
                .put("total_cents", total.cents())
                .put("currency", CURRENCY)
                .put("shipping_address", shippingAddress)
                .put("payment_id", paymentId)
                .put("failure_reason", failureReason)
                .put("created_at", createdAt)
                .put("updated_at", updatedAt)
                .put("expires_at", expiresAt)
                .put("status_history", history)
                .put("version", version);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("user_id", userId)
                .put("status", state.wire())
                .put("items", new JsonArray(lines.stream().map(OrderLine::toJson).toList()))
                .put("item_count", lines.stream().mapToInt(OrderLine::quantity).sum())
                .put("total", total.toJson())
                .put("currency", CURRENCY)
                .put("shipping_address", shippingAddress)
                .put("payment_id", paymentId)
                .put("failure_reason", failureReason)
                .put("created_at", Timestamps.format(createdAt))
                .put("updated_at", Timestamps.format(updatedAt))
                .put("expires_at", expiresAt == null ? null : Timestamps.format(expiresAt))
                .put("status_history", history)
                .put("version", version);
    }

    /** Where this order stands in {@link OrderRepository#NEWEST_FIRST}. */
    public JsonArray key() {
        return new JsonArray().add(createdAt).add(id);
    }

    public JsonArray reservationLines() {
        return new JsonArray(lines.stream().map(OrderLine::toReservation).toList());
    }

    public boolean soldBy(String vendorId) {
        return lines.stream().anyMatch(line -> vendorId.equals(line.vendorId()));
    }

    public static Money totalOf(List<OrderLine> lines) {
        return lines.stream().map(OrderLine::lineTotal).reduce(Money.ZERO, Money::plus);
    }
}
