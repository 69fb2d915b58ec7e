package io.marketplace.payments;

import io.marketplace.common.json.Page;
import io.marketplace.common.mongo.Documents;
import io.marketplace.common.recovery.Lease;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

/**
 * The transaction log, plus the per-order lock that keeps two charges of one order from running at once. The lock is
 * a {@link Lease}: one left by a dead node is taken over once it runs out, after its attempt is marked interrupted;
 * an attempt records its outcome only while still processing, so a node that wakes up after the takeover cannot
 * turn its interrupted attempt into a second charge. Every write that ends an attempt or records a refund is announced
 * as a domain event, only when it took effect.
 */
public class TransactionRepository {

    static final String COLLECTION = "payments";
    static final String LOCKS = "payment_locks";

    private final MongoClient mongo;
    private final PaymentEvents events;

    public TransactionRepository(MongoClient mongo, PaymentEvents events) {
        this.mongo = mongo;
        this.events = events;
    }

    /** History and per-order lookups, plus what the recovery pass asks every few seconds, so an idle pass is cheap. */
    public Future<Void> createIndexes() {
        return mongo.createIndex(COLLECTION, new JsonObject().put("user_id", 1).put("created_at", -1))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put("order_id", 1)
                        .put("created_at", -1)))
                .compose(ignored -> mongo.createIndex(COLLECTION,
                        new JsonObject().put("status", 1).put("updated_at", 1)))
                .compose(ignored -> mongo.createIndex(COLLECTION,
                        new JsonObject().put("status", 1).put("created_at", 1)))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put("idempotency_id", 1)));
    }

    public Future<Payment> insert(Payment payment) {
        return mongo.insert(COLLECTION, payment.toDocument()).map(payment);
    }

    /** Logs an attempt made under an idempotency key, so recovery can tell what became of that key's request. */
    public Future<Payment> insert(Payment payment, String idempotencyId) {
        return mongo.insert(COLLECTION, payment.toDocument().put("idempotency_id", idempotencyId)).map(payment);
    }

    /** Records a refund unless one with that id exists; false when it did. */
    public Future<Boolean> insertRefund(Payment refund) {
        return mongo.insert(COLLECTION, refund.toDocument()).map(true)
                .onSuccess(inserted -> events.refunded(refund))
                .recover(failure -> Documents.isDuplicateKey(failure)
                        ? Future.succeededFuture(false) : Future.failedFuture(failure));
    }

    /** Records how a processing attempt ended; false when it was no longer processing (recovery interrupted it). */
    public Future<Boolean> finish(Payment finished) {
        return mongo.updateCollection(COLLECTION,
                        new JsonObject().put("_id", finished.id()).put("status", Payment.PROCESSING),
                        new JsonObject().put("$set", new JsonObject().put("status", finished.status())
                                .put("failure_reason", finished.failureReason())
                                .put("updated_at", finished.updatedAt()))
                                .put("$inc", new JsonObject().put("version", 1)))
                .map(result -> result.getDocMatched() > 0)
                .onSuccess(recorded -> {
                    if (recorded) {
                        events.ended(finished);
                    }
                });
    }

    /** Marks an attempt whose node died as failed, unless it already ended. */
    public Future<Void> interrupt(String paymentId) {
        return mongo.findOneAndUpdateWithOptions(COLLECTION,
                        new JsonObject().put("_id", paymentId).put("status", Payment.PROCESSING),
                        new JsonObject().put("$set", new JsonObject().put("status", Payment.FAILED)
                                        .put("failure_reason", Payment.INTERRUPTED)
                                        .put("updated_at", System.currentTimeMillis()))
                                .put("$inc", new JsonObject().put("version", 1)),
                        new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
                .onSuccess(doc -> {
                    if (doc != null) {
                        events.ended(Payment.fromDocument(doc));
                    }
                })
                .mapEmpty();
    }

    /** The latest attempt made under an idempotency key, or null. */
    public Future<Payment> latestUnderKey(String idempotencyId) {
        return mongo.findWithOptions(COLLECTION, new JsonObject().put("idempotency_id", idempotencyId),
                        new FindOptions().setSort(new JsonObject().put("created_at", -1)).setLimit(1))
                .map(docs -> docs.isEmpty() ? null : Payment.fromDocument(docs.get(0)));
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

    /** One page of the user's transactions, newest first, with one more to tell whether a next page exists. */
    public Future<List<Payment>> byUser(String userId, Page page) {
        return page(new JsonObject().put("user_id", userId), page);
    }

    public Future<Long> countByUser(String userId) {
        return mongo.count(COLLECTION, new JsonObject().put("user_id", userId));
    }

    /** One page of the order's transactions, in the same order as the user's history. */
    public Future<List<Payment>> byOrder(String orderId, Page page) {
        return page(new JsonObject().put("order_id", orderId), page);
    }

    public Future<Long> countByOrder(String orderId) {
        return mongo.count(COLLECTION, new JsonObject().put("order_id", orderId));
    }

    private Future<List<Payment>> page(JsonObject filter, Page page) {
        return mongo.findWithOptions(COLLECTION, page.filter(filter, Payment.NEWEST_FIRST), new FindOptions()
                        .setSort(Payment.NEWEST_FIRST.sort()).setSkip(page.offset()).setLimit(page.fetch()))
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

    /**
     * Claims the order for one charge attempt; false when another attempt holds it. A lock whose lease ran out is
     * taken over, its attempt interrupted first.
     */
    public Future<Boolean> lock(String orderId, String paymentId) {
        long now = System.currentTimeMillis();
        return mongo.insert(LOCKS, new JsonObject().put("_id", orderId).put("payment_id", paymentId)
                        .put("created_at", now).put("lease_until", Lease.until()))
                .map(true)
                .recover(failure -> Documents.isDuplicateKey(failure)
                        ? takeOverExpired(orderId, paymentId, now) : Future.failedFuture(failure));
    }

    private Future<Boolean> takeOverExpired(String orderId, String paymentId, long now) {
        return mongo.findOne(LOCKS, new JsonObject().put("_id", orderId), null).compose(held -> {
            if (held == null || leaseUntil(held) >= now) {
                return Future.succeededFuture(false);
            }
            String previous = held.getString("payment_id");
            return interrupt(previous).compose(ignored -> mongo.updateCollection(LOCKS,
                            new JsonObject().put("_id", orderId).put("payment_id", previous),
                            new JsonObject().put("$set", new JsonObject().put("payment_id", paymentId)
                                    .put("created_at", now).put("lease_until", Lease.until()))))
                    .map(result -> result.getDocMatched() > 0);
        });
    }

    /** Locks written before leases existed expire a lease after they were taken. */
    private static long leaseUntil(JsonObject lock) {
        Long until = lock.getLong("lease_until");
        return until != null ? until : lock.getLong("created_at", 0L) + Lease.MILLIS;
    }

    public Future<Void> renewLock(String orderId, String paymentId) {
        return mongo.updateCollection(LOCKS, new JsonObject().put("_id", orderId).put("payment_id", paymentId),
                new JsonObject().put("$set", new JsonObject().put("lease_until", Lease.until()))).mapEmpty();
    }

    public Future<Void> unlock(String orderId, String paymentId) {
        return mongo.removeDocument(LOCKS, new JsonObject().put("_id", orderId).put("payment_id", paymentId))
                .mapEmpty();
    }

    /** Locks whose lease ran out: their attempt is interrupted, then the lock dropped, so the order is payable. */
    public Future<Integer> releaseExpiredLocks(long now) {
        return mongo.find(LOCKS, new JsonObject()).compose(locks -> {
            Future<Void> chain = Future.succeededFuture();
            int released = 0;
            for (JsonObject lock : locks) {
                if (leaseUntil(lock) < now) {
                    released++;
                    String paymentId = lock.getString("payment_id");
                    chain = chain.compose(ignored -> interrupt(paymentId))
                            .compose(ignored -> unlock(lock.getString("_id"), paymentId));
                }
            }
            int count = released;
            return chain.map(count);
        });
    }
}
