package io.marketplace.payments;

import io.marketplace.common.json.Keyset;
import io.marketplace.common.json.Timestamps;
import io.marketplace.common.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/**
 * One transaction of the log: a charge attempt or a refund. Card data is never kept beyond the last four digits.
 * {@code version} is 1 when logged and rises with its one later write (how a charge attempt ended).
 */
public record Payment(String id, String type, String orderId, String userId, Money amount, String currency,
                      String paymentMethod, String cardLast4, String status, String failureReason,
                      long createdAt, long updatedAt, long version) {

    public static final String CHARGE = "charge";
    public static final String REFUND = "refund";
    public static final String PROCESSING = "processing";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    /** Failure reason of an attempt whose node died or froze mid-charge: nothing was charged. */
    public static final String INTERRUPTED = "interrupted";
    /** The order of every transaction list: newest first, ties by id. */
    public static final Keyset NEWEST_FIRST = Keyset.of(new JsonObject().put("created_at", -1).put("_id", -1));

    /** A refund's id: derived from its order (one refund per order), and safe as a relative URI reference. */
    public static String refundId(String orderId) {
        return "refund-" + orderId;
    }

    public static Payment fromDocument(JsonObject doc) {
        return new Payment(doc.getString("_id"), doc.getString("type"), doc.getString("order_id"),
                doc.getString("user_id"), Money.ofCents(doc.getLong("amount_cents")), doc.getString("currency"),
                doc.getString("payment_method"), doc.getString("card_last4"), doc.getString("status"),
                doc.getString("failure_reason"), doc.getLong("created_at"), doc.getLong("updated_at"),
                doc.getLong("version", 1L));
    }

    public JsonObject toDocument() {
        return new JsonObject()
                .put("_id", id)
                .put("type", type)
                .put("order_id", orderId)
                .put("user_id", userId)
                .put("amount_cents", amount.cents())
                .put("currency", currency)
                .put("payment_method", paymentMethod)
                .put("card_last4", cardLast4)
                .put("status", status)
                .put("failure_reason", failureReason)
                .put("created_at", createdAt)
                .put("updated_at", updatedAt)
                .put("version", version);
    }

    /** Where this transaction stands in {@link #NEWEST_FIRST}. */
    public JsonArray key() {
        return new JsonArray().add(createdAt).add(id);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("type", type)
                .put("order_id", orderId)
                .put("user_id", userId)
                .put("amount", amount.toJson())
                .put("currency", currency)
                .put("payment_method", paymentMethod)
                .put("card_last4", cardLast4)
                .put("status", status)
                .put("failure_reason", failureReason)
                .put("created_at", Timestamps.format(createdAt))
                .put("updated_at", Timestamps.format(updatedAt))
                .put("version", version);
    }

    public Payment finished(String newStatus, String reason) {
        return new Payment(id, type, orderId, userId, amount, currency, paymentMethod, cardLast4, newStatus, reason,
                createdAt, System.currentTimeMillis(), version + 1);
    }
}
