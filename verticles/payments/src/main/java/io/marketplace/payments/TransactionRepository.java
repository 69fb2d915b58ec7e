package io.marketplace.payments;

import io.marketplace.common.mongo.Documents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

/** The transaction log, plus the per-order lock that keeps two charges of one order from running at once. */
public class TransactionRepository {

    static final String COLLECTION = "payments";
    static final String LOCKS = "payment_locks";

    private final MongoClient mongo;

    public TransactionRepository(MongoClient mongo) {
        this.mongo = mongo;
    }

    public Future<Void> createIndexes() {
        return mongo.createIndex(COLLECTION, new JsonObject().put("user_id", 1).put("created_at", -1))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put("order_id", 1)));
    }

    public Future<Payment> insert(Payment payment) {
        return mongo.insert(COLLECTION, payment.toDocument()).map(payment);
    }

    /** Inserts unless a transaction with that id exists; false when it did. */
    public Future<Boolean> insertOnce(Payment payment) {
        return mongo.insert(COLLECTION, payment.toDocument()).map(true)
                .recover(failure -> Documents.isDuplicateKey(failure)
                        ? Future.succeededFuture(false) : Future.failedFuture(failure));
    }

    public Future<Void> update(Payment payment) {
        return mongo.findOneAndReplace(COLLECTION, new JsonObject().put("_id", payment.id()), payment.toDocument())
                .mapEmpty();
    }

    public Future<Void> markOrderPaid(String paymentId) {
        return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", paymentId),
                new JsonObject().put("$set", new JsonObject().put("order_marked_paid", true))).mapEmpty();
    }

    public Future<Payment> find(String id) {
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null)
                .map(doc -> doc == null ? null : Payment.fromDocument(doc));
    }

    public Future<Payment> succeededCharge(String orderId) {
        return mongo.findOne(COLLECTION, new JsonObject().put("order_id", orderId).put("type", Payment.CHARGE)
                        .put("status", Payment.SUCCEEDED), null)
                .map(doc -> doc == null ? null : Payment.fromDocument(doc));
    }

    /** The order's refund, whatever the form of its id. */
    public Future<Payment> refundOf(String orderId) {
        return mongo.findOne(COLLECTION, new JsonObject().put("order_id", orderId).put("type", Payment.REFUND), null)
                .map(doc -> doc == null ? null : Payment.fromDocument(doc));
    }

    public Future<List<Payment>> byUser(String userId, int skip, int limit) {
        return mongo.findWithOptions(COLLECTION, new JsonObject().put("user_id", userId), new FindOptions()
                        .setSort(new JsonObject().put("created_at", -1).put("_id", -1)).setSkip(skip).setLimit(limit))
                .map(docs -> docs.stream().map(Payment::fromDocument).toList());
    }

    public Future<Long> countByUser(String userId) {
        return mongo.count(COLLECTION, new JsonObject().put("user_id", userId));
    }

    public Future<List<Payment>> byOrder(String orderId) {
        return mongo.findWithOptions(COLLECTION, new JsonObject().put("order_id", orderId),
                        new FindOptions().setSort(new JsonObject().put("created_at", 1)))
                .map(docs -> docs.stream().map(Payment::fromDocument).toList());
    }

    /** Succeeded charges whose order was not confirmed paid (the node died in between), older than the cutoff. */
    public Future<List<Payment>> unconfirmedCharges(long cutoff) {
        return mongo.find(COLLECTION, new JsonObject().put("type", Payment.CHARGE).put("status", Payment.SUCCEEDED)
                        .put("order_marked_paid", new JsonObject().put("$ne", true))
                        .put("updated_at", new JsonObject().put("$lt", cutoff)))
                .map(docs -> docs.stream().map(Payment::fromDocument).toList());
    }

    public Future<List<Payment>> processingBefore(long cutoff) {
        return mongo.find(COLLECTION, new JsonObject().put("status", Payment.PROCESSING)
                        .put("created_at", new JsonObject().put("$lt", cutoff)))
                .map(docs -> docs.stream().map(Payment::fromDocument).toList());
    }

    /** Claims the order for one charge attempt; false when another attempt holds it. */
    public Future<Boolean> lock(String orderId, String paymentId) {
        return mongo.insert(LOCKS, new JsonObject().put("_id", orderId).put("payment_id", paymentId)
                        .put("created_at", System.currentTimeMillis()))
                .map(true)
                .recover(failure -> Documents.isDuplicateKey(failure)
                        ? Future.succeededFuture(false) : Future.failedFuture(failure));
    }

    public Future<Void> unlock(String orderId, String paymentId) {
        return mongo.removeDocument(LOCKS, new JsonObject().put("_id", orderId).put("payment_id", paymentId))
                .mapEmpty();
    }

    public Future<Void> dropLocksBefore(long cutoff) {
        return mongo.removeDocuments(LOCKS, new JsonObject().put("created_at", new JsonObject().put("$lt", cutoff)))
                .mapEmpty();
    }
}
