package io.marketplace.products;

import io.marketplace.common.mongo.Documents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/**
 * Tombstones of released orders: an order whose stock was released (given up by checkout, recovery, expiry or a
 * cancel) must never take stock again, even when its reserve reaches products late, after a bus timeout made the
 * checkout give up. Kept for a day, far beyond any message's life on the bus.
 */
public class ReleasedOrders {

    static final String COLLECTION = "released_orders";
    static final long RETENTION_MILLIS = 24 * 60 * 60 * 1000L;
    private static final long PURGE_EVERY_MILLIS = 60 * 60 * 1000L;

    private final MongoClient mongo;
    private long purgedAt;

    public ReleasedOrders(MongoClient mongo) {
        this.mongo = mongo;
    }

    public Future<Void> createIndexes() {
        return mongo.createIndex(COLLECTION, new JsonObject().put("at", 1));
    }

    /** Records the release before any stock is given back, so a reserve that lands after sees it. */
    public Future<Void> remember(String orderId) {
        long now = System.currentTimeMillis();
        Future<Void> purge = now - purgedAt < PURGE_EVERY_MILLIS ? Future.succeededFuture()
                : mongo.removeDocuments(COLLECTION, new JsonObject().put("at", new JsonObject()
                        .put("$lt", now - RETENTION_MILLIS))).onSuccess(ignored -> purgedAt = now).mapEmpty();
        return purge.compose(ignored -> mongo.insert(COLLECTION, new JsonObject().put("_id", orderId).put("at", now)))
                .<Void>mapEmpty()
                .recover(failure -> Documents.isDuplicateKey(failure)
                        ? Future.succeededFuture() : Future.failedFuture(failure));
    }

    public Future<Boolean> isReleased(String orderId) {
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", orderId), new JsonObject().put("_id", 1))
                .map(doc -> doc != null);
    }
}
