package io.marketplace.orders;

import io.marketplace.common.json.Keyset;
import io.marketplace.common.json.Page;
import io.marketplace.common.json.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;
import java.util.Objects;

/**
 * Orders in MongoDB. Every state change is conditional on the current state, so racing changes cannot both win, and
 * the winning one (only it) is announced as a domain event, from the document the update returned.
 */
public class OrderRepository {

    static final String COLLECTION = "orders";
    static final String IDEMPOTENCY_ID = "idempotency_id";
    /** The distinct sellers of an order's lines, so a vendor's sales are one indexed query (a multikey index). */
    static final String VENDOR_IDS = "vendor_ids";
    static final Keyset NEWEST_FIRST = Keyset.of(new JsonObject().put("created_at", -1).put("_id", -1));

    private final MongoClient mongo;
    private final OrderEvents events;

    public OrderRepository(MongoClient mongo, OrderEvents events) {
        this.mongo = mongo;
        this.events = events;
    }

    public Future<Void> createIndexes() {
        // The embedded server answers a query from the first declared index that can, so the narrower vendor index
        // comes before the status ones: a vendor's orders in one status are looked up among that vendor's orders.
        return mongo.createIndex(COLLECTION, new JsonObject().put("user_id", 1).put("created_at", -1))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put(VENDOR_IDS, 1)
                        .put("created_at", -1)))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put("status", 1)
                        .put("created_at", 1)))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put("status", 1)
                        .put("expires_at", 1)))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put("created_at", -1)))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put(IDEMPOTENCY_ID, 1)));
    }

    /**
     * Writes a new order; one made under an idempotency key ({@code idempotencyId}, else null) is tagged with it, so
     * recovery can tell what became of that key's checkout.
     */
    public Future<Order> insert(Order order, String idempotencyId) {
        JsonObject doc = order.toDocument();
        if (idempotencyId != null) {
            doc.put(IDEMPOTENCY_ID, idempotencyId);
        }
        return mongo.insert(COLLECTION, doc).map(order);
    }

    /** The order a checkout under this idempotency key created, or null. */
    public Future<Order> findByIdempotencyId(String idempotencyId) {
        return mongo.findOne(COLLECTION, new JsonObject().put(IDEMPOTENCY_ID, idempotencyId), null)
                .map(doc -> doc == null ? null : Order.fromDocument(doc));
    }

    public Future<Order> find(String id) {
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null)
                .map(doc -> doc == null ? null : Order.fromDocument(doc));
    }

    /** The user's orders for one page, newest first (ties by id), with one more to tell whether a next exists. */
    public Future<List<Order>> listByUser(String userId, Page page) {
        FindOptions options = new FindOptions().setSort(NEWEST_FIRST.sort()).setSkip(page.offset())
                .setLimit(page.fetch());
        return mongo.findWithOptions(COLLECTION, page.filter(new JsonObject().put("user_id", userId), NEWEST_FIRST),
                        options)
                .map(docs -> docs.stream().map(Order::fromDocument).toList());
    }

    public Future<Long> countByUser(String userId) {
        return mongo.count(COLLECTION, new JsonObject().put("user_id", userId));
    }

    /**
     * One page of the orders with a line the vendor sells (every order when {@code vendorId} is null), in the state
     * when one is given, newest first (ties by id), with one more to tell whether a next exists.
     */
    public Future<List<Order>> listSold(String vendorId, OrderState status, Page page) {
        FindOptions options = new FindOptions().setSort(NEWEST_FIRST.sort()).setSkip(page.offset())
                .setLimit(page.fetch());
        return mongo.findWithOptions(COLLECTION, page.filter(soldBy(vendorId, status), NEWEST_FIRST), options)
                .map(docs -> docs.stream().map(Order::fromDocument).toList());
    }

    public Future<Long> countSold(String vendorId, OrderState status) {
        return mongo.count(COLLECTION, soldBy(vendorId, status));
    }

    private static JsonObject soldBy(String vendorId, OrderState status) {
        JsonObject filter = new JsonObject();
        if (vendorId != null) {
            filter.put(VENDOR_IDS, vendorId);
        }
        if (status != null) {
            filter.put("status", status.wire());
        }
        return filter;
    }

    /** Moves the order from one state to another if it is still in the first; false when it was not. */
    public Future<Boolean> transition(String id, OrderState from, OrderState to, JsonObject extra) {
        return transitionAndGet(id, null, from, to, extra).map(Objects::nonNull);
    }

    /**
     * The same move, limited to the buyer's own order when {@code userId} is not null, answering the order as written
     * (null when it was not moved): one round trip where a move followed by a read would take two.
     */
    public Future<Order> transitionAndGet(String id, String userId, OrderState from, OrderState to,
                                          JsonObject extra) {
        JsonObject query = new JsonObject().put("_id", id).put("status", from.wire());
        if (userId != null) {
            query.put("user_id", userId);
        }
        return mongo.findOneAndUpdateWithOptions(COLLECTION, query, transitionUpdate(to, extra), new FindOptions(),
                        new UpdateOptions().setReturningNewDocument(true))
                .map(doc -> doc == null ? null : Order.fromDocument(doc))
                .onSuccess(moved -> {
                    if (moved != null) {
                        events.moved(moved);
                    }
                });
    }

    private static JsonObject transitionUpdate(OrderState to, JsonObject extra) {
        long now = System.currentTimeMillis();
        JsonObject set = (extra == null ? new JsonObject() : extra.copy())
                .put("status", to.wire())
                .put("updated_at", now);
        return new JsonObject()
                .put("$set", set)
                .put("$inc", new JsonObject().put("version", 1))
                .put("$push", new JsonObject().put("status_history", new JsonObject()
                        .put("status", to.wire()).put("at", Timestamps.format(now))));
    }

    public Future<List<Order>> inStateCreatedBefore(OrderState state, long cutoff) {
        return mongo.find(COLLECTION, new JsonObject().put("status", state.wire())
                        .put("created_at", new JsonObject().put("$lt", cutoff)))
                .map(docs -> docs.stream().map(Order::fromDocument).toList());
    }

    public Future<List<Order>> pendingExpiredBefore(long now) {
        return mongo.find(COLLECTION, new JsonObject().put("status", OrderState.PENDING_PAYMENT.wire())
                        .put("expires_at", new JsonObject().put("$lt", now)))
                .map(docs -> docs.stream().map(Order::fromDocument).toList());
    }

    public Future<Void> markRefunded(String id) {
        return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id),
                new JsonObject().put("$set", new JsonObject().put("refunded", true)
                        .put("updated_at", System.currentTimeMillis()))
                        .put("$inc", new JsonObject().put("version", 1))).mapEmpty();
    }

    /** Paid orders that were cancelled but whose refund has not been recorded yet. */
    public Future<List<Order>> cancelledAwaitingRefund() {
        return mongo.find(COLLECTION, new JsonObject().put("status", OrderState.CANCELLED.wire())
                        .put("payment_id", new JsonObject().put("$ne", null))
                        .put("refunded", new JsonObject().put("$ne", true)))
                .map(docs -> docs.stream().map(Order::fromDocument).toList());
    }

    public Future<List<Order>> findAll(List<String> ids) {
        return mongo.find(COLLECTION, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(ids))))
                .map(docs -> docs.stream().map(Order::fromDocument).toList());
    }
}
