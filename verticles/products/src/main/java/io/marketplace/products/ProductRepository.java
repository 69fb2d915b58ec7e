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
 * Products in MongoDB, the source of truth. Stock changes are single-document conditional updates: a product's open
 * reservations live in its own document, so "decrement and record the reservation" is one atomic write with no
 * transaction. Every write raises the product's {@code version} by one and stamps {@code changed_at}, and returns the
 * document as written, so the read model learns the new state without reading it again.
 */
public class ProductRepository {

    static final String COLLECTION = "products";
    static final String CHANGED_AT = "changed_at";
    private static final JsonObject NO_RESERVATIONS = new JsonObject().put("reservations", 0)
            .put("restocked_orders", 0);
    private static final FindOptions RETURN_NEW_FIELDS = new FindOptions().setFields(NO_RESERVATIONS);
    private static final UpdateOptions RETURN_NEW = new UpdateOptions().setReturningNewDocument(true);

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
                new JsonObject().put("reservations.order_id", 1),
                new JsonObject().put("reservations.at", 1),
                new JsonObject().put(CHANGED_AT, 1));
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

    /** One page of the listing, with one product more when a next page exists. */
    public Future<List<Product>> list(ProductQuery query) {
        FindOptions options = new FindOptions().setSort(query.mongoSort()).setSkip(query.page().offset())
                .setLimit(query.page().fetch()).setFields(NO_RESERVATIONS);
        return mongo.findWithOptions(COLLECTION, query.pageFilter(), options).map(ProductRepository::products);
    }

    public Future<Long> count(JsonObject filter) {
        return mongo.count(COLLECTION, filter);
    }

    /** Every product document, deleted ones included: how many the read model would hold. */
    public Future<Long> countAll() {
        return mongo.count(COLLECTION, new JsonObject());
    }

    /** Every product, deleted ones included (the read model keeps them as tombstones). */
    public Future<List<Product>> all() {
        return mongo.findWithOptions(COLLECTION, new JsonObject(), new FindOptions().setFields(NO_RESERVATIONS))
                .map(ProductRepository::products);
    }

    /** Products written at or after the given time (by the writer's clock). */
    public Future<List<Product>> changedSince(long millis) {
        return mongo.findWithOptions(COLLECTION, new JsonObject().put(CHANGED_AT, new JsonObject().put("$gte", millis)),
                new FindOptions().setFields(NO_RESERVATIONS)).map(ProductRepository::products);
    }

    /** Every product's id and version, for a full comparison with the read model. */
    public Future<List<JsonObject>> versions() {
        return mongo.findWithOptions(COLLECTION, new JsonObject(), new FindOptions()
                .setFields(new JsonObject().put("_id", 1).put("version", 1)));
    }

    public Future<List<Product>> findAll(List<String> ids) {
        return mongo.findWithOptions(COLLECTION, new JsonObject().put("_id", new JsonObject()
                        .put("$in", new JsonArray(ids))), new FindOptions().setFields(NO_RESERVATIONS))
                .map(ProductRepository::products);
    }

    /**
     * Applies the changes to an active product, if {@code vendorId} (when not null) owns it and, when
     * {@code expectedVersions} is not null, it is still at one of those versions (If-Match: checked in the same
     * atomic write, never read-then-write); the product as written, or null when no product matched.
     */
    public Future<Product> update(String id, String vendorId, List<Long> expectedVersions, JsonObject set) {
        JsonObject query = active(id, vendorId);
        if (expectedVersions != null) {
            query.put("version", new JsonObject().put("$in", new JsonArray(expectedVersions)));
        }
        JsonObject update = new JsonObject().put("$set", set.copy());
        return writeOne(query, update).map(doc -> doc == null ? null : Product.fromDocument(doc));
    }

    /**
     * Adds delta to the stock of an active product unless it would fall below zero or rise above {@code maxStock}
     * (and, when {@code vendorId} is not null, only if that vendor owns it); the product as written, or null when
     * not applied. The bound is part of the conditional update, so concurrent restocks can never pass it together.
     */
    public Future<Product> adjustStock(String id, String vendorId, int delta, int maxStock) {
        JsonObject query = active(id, vendorId);
        if (delta < 0) {
            query.put("stock", new JsonObject().put("$gte", -delta));
        } else {
            query.put("stock", new JsonObject().put("$lte", Math.subtractExact(maxStock, delta)));
        }
        JsonObject update = new JsonObject()
                .put("$inc", new JsonObject().put("stock", delta));
        return writeOne(query, update).map(doc -> doc == null ? null : Product.fromDocument(doc));
    }

    /**
     * Takes {@code quantity} units for the order if they are there and the order holds none yet: one atomic write.
     * Returns the product after the write (reservations included), or null when nothing was taken.
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
        return mongo.findOneAndUpdateWithOptions(COLLECTION, query, stamped(update), new FindOptions(), RETURN_NEW);
    }

    /** Products holding a reservation of the order. */
    public Future<List<JsonObject>> holding(String orderId) {
        return mongo.find(COLLECTION, new JsonObject().put("reservations.order_id", orderId));
    }

    /**
     * Removes the order's reservation from one product; gives the units back to stock, or counts them as sold.
     * The quantity in the query makes a repeated or concurrent call a no-op. The product as written, or null.
     */
    public Future<Product> settle(String productId, String orderId, int quantity, boolean backToStock) {
        JsonObject query = new JsonObject().put("_id", productId).put("reservations", new JsonObject()
                .put("$elemMatch", new JsonObject().put("order_id", orderId).put("quantity", quantity)));
        JsonObject update = new JsonObject()
                .put("$inc", new JsonObject().put(backToStock ? "stock" : "sold", quantity))
                .put("$pull", new JsonObject().put("reservations", new JsonObject().put("order_id", orderId)));
        return writeOne(query, update).map(doc -> doc == null ? null : Product.fromDocument(doc));
    }

    /**
     * Gives a cancelled sale's units back, once per order and product: the order id is remembered on the product in
     * the same atomic write, so a retry matches nothing. The product as written, or null.
     */
    public Future<Product> restock(String productId, String orderId, int quantity) {
        JsonObject query = new JsonObject().put("_id", productId)
                .put("restocked_orders", new JsonObject().put("$ne", orderId));
        JsonObject update = new JsonObject()
                .put("$inc", new JsonObject().put("stock", quantity).put("sold", -quantity))
                .put("$push", new JsonObject().put("restocked_orders", orderId));
        return writeOne(query, update).map(doc -> doc == null ? null : Product.fromDocument(doc));
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

    private Future<JsonObject> writeOne(JsonObject query, JsonObject update) {
        return mongo.findOneAndUpdateWithOptions(COLLECTION, query, stamped(update), RETURN_NEW_FIELDS, RETURN_NEW);
    }

    /**
     * Every write raises the version and records when it happened, for the read models' catch-up and as the
     * product's {@code updated_at}: a stock change by a sale is a change of the product too, so its
     * {@code Last-Modified} moves with every version.
     */
    private static JsonObject stamped(JsonObject update) {
        JsonObject stamped = update.copy();
        long now = System.currentTimeMillis();
        stamped.put("$inc", stamped.getJsonObject("$inc", new JsonObject()).put("version", 1));
        stamped.put("$set", stamped.getJsonObject("$set", new JsonObject())
                .put(CHANGED_AT, now).put("updated_at", now));
        return stamped;
    }

    private static JsonObject active(String id, String vendorId) {
        JsonObject query = new JsonObject().put("_id", id).put("deleted", false);
        if (vendorId != null) {
            query.put("vendor_id", vendorId);
        }
        return query;
    }

    private static List<Product> products(List<JsonObject> docs) {
        return docs.stream().map(Product::fromDocument).toList();
    }
}
