package io.marketplace.products;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Products in MongoDB. Stock changes are single-document conditional updates: a product's open reservations live in
 * its own document, so "decrement and record the reservation" is one atomic write with no transaction.
 */
public class ProductRepository {

    static final String COLLECTION = "products";
    private static final JsonObject NO_RESERVATIONS = new JsonObject().put("reservations", 0)
            .put("restocked_orders", 0);

    private final MongoClient mongo;

    public ProductRepository(MongoClient mongo) {
        this.mongo = mongo;
    }

    public Future<Void> createIndexes() {
        List<JsonObject> keys = List.of(
                new JsonObject().put("deleted", 1).put("created_at", -1),
                new JsonObject().put("category_key", 1),
                new JsonObject().put("vendor_id", 1),
                new JsonObject().put("price_cents", 1),
                new JsonObject().put("name", 1),
                new JsonObject().put("reservations.order_id", 1));
        Future<Void> chain = Future.succeededFuture();
        for (JsonObject key : keys) {
            chain = chain.compose(ignored -> mongo.createIndex(COLLECTION, key));
        }
        return chain;
    }

    public Future<Product> insert(Product product) {
        return mongo.insert(COLLECTION, product.toDocument()).map(product);
    }

    /** The product unless it is unknown or deleted. */
    public Future<Product> findActive(String id) {
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", id).put("deleted", false), NO_RESERVATIONS)
                .map(doc -> doc == null ? null : Product.fromDocument(doc));
    }

    public Future<JsonObject> findRaw(String id) {
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
    }

    public Future<List<Product>> list(ProductQuery query) {
        FindOptions options = new FindOptions().setSort(query.sort()).setSkip(query.page().skip()).setLimit(query.page().limit())
                .setFields(NO_RESERVATIONS);
        return mongo.findWithOptions(COLLECTION, query.filter(), options)
                .map(docs -> docs.stream().map(Product::fromDocument).toList());
    }

    public Future<Long> count(JsonObject filter) {
        return mongo.count(COLLECTION, filter);
    }

    /** Applies the changes to an active product; false when it is gone. */
    public Future<Boolean> update(String id, JsonObject set) {
        return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id).put("deleted", false),
                        new JsonObject().put("$set", set.copy().put("updated_at", System.currentTimeMillis())))
                .map(result -> result.getDocMatched() > 0);
    }

    /** Adds delta to the stock unless it would fall below zero; false when not applied. */
    public Future<Boolean> adjustStock(String id, int delta) {
        JsonObject query = new JsonObject().put("_id", id).put("deleted", false);
        if (delta < 0) {
            query.put("stock", new JsonObject().put("$gte", -delta));
        }
        return mongo.updateCollection(COLLECTION, query, new JsonObject()
                        .put("$inc", new JsonObject().put("stock", delta))
                        .put("$set", new JsonObject().put("updated_at", System.currentTimeMillis())))
                .map(result -> result.getDocModified() > 0);
    }

    /**
     * Takes {@code quantity} units for the order if they are there and the order holds none yet: one atomic write.
     * Returns the product after the write, or null when nothing was taken.
     */
    public Future<JsonObject> reserve(String productId, String orderId, int quantity) {
        JsonObject query = new JsonObject()
                .put("_id", productId)
                .put("deleted", false)
                .put("stock", new JsonObject().put("$gte", quantity))
                .put("reservations.order_id", new JsonObject().put("$ne", orderId));
        JsonObject update = new JsonObject()
                .put("$inc", new JsonObject().put("stock", -quantity))
                .put("$push", new JsonObject().put("reservations", new JsonObject()
                        .put("order_id", orderId).put("quantity", quantity).put("at", System.currentTimeMillis())));
        return mongo.findOneAndUpdateWithOptions(COLLECTION, query, update, new FindOptions(),
                new UpdateOptions().setReturningNewDocument(true));
    }

    /** Products holding a reservation of the order. */
    public Future<List<JsonObject>> holding(String orderId) {
        return mongo.find(COLLECTION, new JsonObject().put("reservations.order_id", orderId));
    }

    /**
     * Removes the order's reservation from one product; gives the units back to stock, or counts them as sold.
     * The quantity in the query makes a repeated or concurrent call a no-op.
     */
    public Future<Boolean> settle(String productId, String orderId, int quantity, boolean backToStock) {
        JsonObject query = new JsonObject().put("_id", productId).put("reservations", new JsonObject()
                .put("$elemMatch", new JsonObject().put("order_id", orderId).put("quantity", quantity)));
        JsonObject update = new JsonObject()
                .put("$inc", new JsonObject().put(backToStock ? "stock" : "sold", quantity))
                .put("$pull", new JsonObject().put("reservations", new JsonObject().put("order_id", orderId)));
        return mongo.updateCollection(COLLECTION, query, update).map(result -> result.getDocModified() > 0);
    }

    /**
     * Gives a cancelled sale's units back, once per order and product: the order id is remembered on the product in
     * the same atomic write, so a retry matches nothing.
     */
    public Future<Boolean> restock(String productId, String orderId, int quantity) {
        JsonObject query = new JsonObject().put("_id", productId)
                .put("restocked_orders", new JsonObject().put("$ne", orderId));
        JsonObject update = new JsonObject()
                .put("$inc", new JsonObject().put("stock", quantity).put("sold", -quantity))
                .put("$push", new JsonObject().put("restocked_orders", orderId));
        return mongo.updateCollection(COLLECTION, query, update).map(result -> result.getDocModified() > 0);
    }

    /** Every reservation made before the cutoff, flattened to {order_id, product_id, quantity, at}. */
    public Future<List<JsonObject>> reservationsOlderThan(long cutoffMillis) {
        JsonObject query = new JsonObject().put("reservations.at", new JsonObject().put("$lt", cutoffMillis));
        return mongo.findWithOptions(COLLECTION, query, new FindOptions()
                        .setFields(new JsonObject().put("reservations", 1)))
                .map(docs -> {
                    List<JsonObject> open = new ArrayList<>();
                    for (JsonObject doc : docs) {
                        for (Object item : doc.getJsonArray("reservations", new JsonArray())) {
                            JsonObject reservation = (JsonObject) item;
                            if (reservation.getLong("at", 0L) < cutoffMillis) {
                                open.add(reservation.copy().put("product_id", doc.getString("_id")));
                            }
                        }
                    }
                    return open;
                });
    }

    /** Active product counts per category key, with one display name each. */
    public Future<List<JsonObject>> countsByCategory() {
        JsonArray pipeline = new JsonArray()
                .add(new JsonObject().put("$match", new JsonObject().put("deleted", false)))
                .add(new JsonObject().put("$group", new JsonObject()
                        .put("_id", "$category_key")
                        .put("name", new JsonObject().put("$first", "$category"))
                        .put("count", new JsonObject().put("$sum", 1))));
        return mongo.aggregate(COLLECTION, pipeline).collect(Collectors.toList());
    }
}
