package io.marketplace.orders;

import io.marketplace.common.mongo.Documents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

/**
 * One cart per user ({@code _id} = user id), its lines kept in a sub-document keyed by product id so each change is
 * one atomic update on a plain field path. Every change also requires no checkout to be running
 * ({@code checkout_order_id: null}), so a cart cannot change under an order being created from it. Product ids are
 * checked by {@link CartService} before they become field names.
 */
public class CartRepository {

    static final String COLLECTION = "carts";
    static final String CHECKOUT = "checkout_order_id";
    static final String LINES = "lines";

    private final MongoClient mongo;

    public CartRepository(MongoClient mongo) {
        this.mongo = mongo;
    }

    public Future<Void> createIndexes() {
        return mongo.createIndex(COLLECTION, new JsonObject().put(CHECKOUT, 1));
    }

    public Future<JsonObject> find(String userId) {
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", userId), null);
    }

    /** Creates the empty cart if the user has none; harmless when two requests race. */
    public Future<Void> ensure(String userId) {
        JsonObject insert = new JsonObject().put("$setOnInsert", new JsonObject()
                .put(LINES, new JsonObject()).putNull(CHECKOUT).put("updated_at", System.currentTimeMillis()));
        return mongo.updateCollectionWithOptions(COLLECTION, new JsonObject().put("_id", userId), insert,
                        new UpdateOptions().setUpsert(true))
                .<Void>mapEmpty()
                .recover(failure -> Documents.isDuplicateKey(failure)
                        ? Future.succeededFuture() : Future.failedFuture(failure));
    }

    /**
     * Adds to an existing line if the total stays within the limit: the cart as changed, or null when no such line
     * could take it.
     */
    public Future<JsonObject> increment(String userId, String productId, int quantity, int maxQuantity) {
        JsonObject query = open(userId).put(line(productId) + ".quantity",
                new JsonObject().put("$lte", maxQuantity - quantity));
        return changed(query, new JsonObject().put("$inc", new JsonObject().put(line(productId) + ".quantity",
                quantity)));
    }

    /** Appends a new line unless the product is already in the cart: the cart as changed, or null. */
    public Future<JsonObject> append(String userId, OrderLine line) {
        JsonObject query = open(userId).put(line(line.productId()), new JsonObject().put("$exists", false));
        return changed(query, new JsonObject().put("$set", new JsonObject().put(line(line.productId()),
                line.toDocument().put("added_at", System.currentTimeMillis()))));
    }

    public Future<Boolean> setQuantity(String userId, String productId, int quantity) {
        return modified(present(userId, productId), new JsonObject().put("$set", new JsonObject()
                .put(line(productId) + ".quantity", quantity)));
    }

    public Future<Boolean> remove(String userId, String productId) {
        return modified(present(userId, productId), new JsonObject().put("$unset", new JsonObject()
                .put(line(productId), "")));
    }

    public Future<Boolean> clear(String userId) {
        return modified(open(userId), new JsonObject().put("$set", new JsonObject().put(LINES, new JsonObject())));
    }

    /**
     * Claims a cart with lines for one checkout: the cart as locked, or null when there is none, it is empty, or
     * another checkout holds it.
     */
    public Future<JsonObject> lockForCheckout(String userId, String orderId) {
        JsonObject query = open(userId).put(LINES, new JsonObject().put("$ne", new JsonObject()));
        return changed(query, new JsonObject().put("$set", new JsonObject()
                .put(CHECKOUT, orderId).put("checkout_started_at", System.currentTimeMillis())));
    }

    /** Ends a checkout: emptied when the order exists, untouched when it failed. */
    public Future<Boolean> unlock(String userId, String orderId, boolean empty) {
        JsonObject set = new JsonObject().putNull(CHECKOUT).putNull("checkout_started_at");
        if (empty) {
            set.put(LINES, new JsonObject());
        }
        return modified(new JsonObject().put("_id", userId).put(CHECKOUT, orderId), new JsonObject().put("$set", set));
    }

    public Future<List<JsonObject>> lockedBefore(long cutoff) {
        return mongo.find(COLLECTION, new JsonObject()
                .put(CHECKOUT, new JsonObject().put("$ne", null))
                .put("checkout_started_at", new JsonObject().put("$lt", cutoff)));
    }

    private static String line(String productId) {
        return LINES + "." + productId;
    }

    private static JsonObject present(String userId, String productId) {
        return open(userId).put(line(productId), new JsonObject().put("$exists", true));
    }

    private static JsonObject open(String userId) {
        return new JsonObject().put("_id", userId).putNull(CHECKOUT);
    }

    private Future<Boolean> modified(JsonObject query, JsonObject update) {
        return mongo.updateCollection(COLLECTION, query, stamped(update)).map(result -> result.getDocMatched() > 0);
    }

    /** The same conditional update, answering the cart as written (one round trip instead of update plus read). */
    private Future<JsonObject> changed(JsonObject query, JsonObject update) {
        return mongo.findOneAndUpdateWithOptions(COLLECTION, query, stamped(update), new FindOptions(),
                new UpdateOptions().setReturningNewDocument(true));
    }

    private static JsonObject stamped(JsonObject update) {
        JsonObject withTimestamp = update.copy();
        JsonObject set = withTimestamp.getJsonObject("$set", new JsonObject());
        withTimestamp.put("$set", set.put("updated_at", System.currentTimeMillis()));
        return withTimestamp;
    }
}
