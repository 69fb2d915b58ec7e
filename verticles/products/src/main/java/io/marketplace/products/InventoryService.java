package io.marketplace.products;

import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.events.Events;
import io.marketplace.common.json.Input;
import io.marketplace.common.money.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stock reservations for checkout, keyed by order id so every call is idempotent: reserving an order twice takes the
 * stock once, releasing twice gives it back once, and an unknown order releases nothing. Whether units are there is
 * decided by the database's conditional update alone, never by the read model, which only learns the outcome.
 *
 * <p>A released order stays released: the release leaves a tombstone ({@link ReleasedOrders}) before giving stock
 * back, and a reserve checks it before taking stock and again after. A reserve that arrives late (its checkout gave
 * up on a bus timeout and released the order) therefore takes nothing, or gives back what it took in the window
 * between the two checks, since whatever it took after the release's sweep happened after the tombstone.
 */
public class InventoryService {

    static final int MAX_LINES = 100;
    static final int MAX_QUANTITY = 1000;

    private final ProductRepository products;
    private final CatalogReadModel readModel;
    private final ReleasedOrders released;

    InventoryService(ProductRepository products, CatalogReadModel readModel, ReleasedOrders released) {
        this.products = products;
        this.readModel = readModel;
        this.released = released;
    }

    /**
     * Reserves every line or none: when a line is short, what was taken for the order is given back. An order that
     * was released already is refused (409 {@code order_released}) and keeps nothing.
     */
    public Future<JsonObject> reserve(JsonObject body, Caller caller) {
        String orderId = Input.requiredString(body, "order_id", 1, 100);
        Map<String, Integer> lines = lines(body);
        return refuseIfReleased(orderId)
                .compose(ignored -> reserveLines(orderId, lines))
                .compose(reserved -> refuseIfReleased(orderId)
                        .recover(refused -> releaseAll(orderId).transform(ignored -> Future.failedFuture(refused)))
                        .map(reserved));
    }

    private Future<Void> refuseIfReleased(String orderId) {
        return released.isReleased(orderId).compose(gone -> gone
                ? Future.failedFuture(ServiceException.conflict("order_released",
                        "Order " + orderId + " was released; it cannot reserve stock any more",
                        new JsonObject().put("order_id", orderId)))
                : Future.succeededFuture());
    }

    private Future<JsonObject> reserveLines(String orderId, Map<String, Integer> lines) {
        Future<List<JsonObject>> chain = Future.succeededFuture(new ArrayList<>());
        for (Map.Entry<String, Integer> line : lines.entrySet()) {
            chain = chain.compose(reserved -> reserveLine(orderId, line.getKey(), line.getValue()).map(done -> {
                reserved.add(done);
                return reserved;
            }));
        }
        return chain
                .map(reserved -> new JsonObject().put("order_id", orderId).put("lines", new JsonArray(reserved)))
                .recover(failure -> releaseAll(orderId).transform(ignored -> Future.failedFuture(failure)));
    }

    /** Gives the order's stock back, after leaving its tombstone: the order can never reserve again. */
    public Future<JsonObject> release(JsonObject body, Caller caller) {
        String orderId = Input.requiredString(body, "order_id", 1, 100);
        return released.remember(orderId)
                .compose(ignored -> releaseAll(orderId))
                .map(count -> new JsonObject().put("order_id", orderId).put("released_lines", count));
    }

    /**
     * The order was paid: its reservations become sales. With the order's {@code lines} each one is settled directly;
     * a line that matched nothing (already committed, or held under another quantity) sends the call down the slower
     * path that first looks up what the order still holds, so the outcome never depends on the lines being right.
     */
    public Future<JsonObject> commit(JsonObject body, Caller caller) {
        String orderId = Input.requiredString(body, "order_id", 1, 100);
        if (!body.containsKey("lines")) {
            return settleAll(orderId, false).map(count -> committed(orderId, count));
        }
        Map<String, Integer> lines = lines(body);
        List<Future<Boolean>> settled = new ArrayList<>();
        lines.forEach((productId, quantity) -> settled.add(products.settle(productId, orderId, quantity, false)
                .map(this::stockChanged)));
        return Future.all(settled).compose(all -> {
            int done = (int) settled.stream().filter(Future::result).count();
            return done == lines.size()
                    ? Future.succeededFuture(committed(orderId, done))
                    : settleAll(orderId, false).map(more -> committed(orderId, done + more));
        });
    }

    private static JsonObject committed(String orderId, int lines) {
        return new JsonObject().put("order_id", orderId).put("committed_lines", lines);
    }

    /** A paid order was cancelled before shipping: its units return to stock, once. */
    public Future<JsonObject> restock(JsonObject body, Caller caller) {
        String orderId = Input.requiredString(body, "order_id", 1, 100);
        Map<String, Integer> lines = lines(body);
        List<Future<Boolean>> restocked = new ArrayList<>();
        lines.forEach((productId, quantity) -> restocked.add(products.restock(productId, orderId, quantity)
                .map(this::stockChanged)));
        return Future.all(restocked).map(all -> new JsonObject().put("order_id", orderId)
                .put("restocked_lines", restocked.stream().filter(Future::result).count()));
    }

    public Future<JsonObject> openReservations(JsonObject body, Caller caller) {
        Long given = Input.optionalLong(body, "older_than_ms", 0, Long.MAX_VALUE / 2);
        long olderThanMs = given == null ? 0 : given;
        return products.reservationsOlderThan(System.currentTimeMillis() - olderThanMs)
                .map(open -> new JsonObject().put("items", new JsonArray(open)));
    }

    private Future<JsonObject> reserveLine(String orderId, String productId, int quantity) {
        return products.reserve(productId, orderId, quantity).compose(updated -> {
            if (updated == null) {
                return explainMiss(orderId, productId, quantity);
            }
            stockChanged(Product.fromDocument(updated));
            return Future.succeededFuture(reservedLine(updated, orderId));
        });
    }

    /** Nothing was taken: either this order already holds the line (a retry), or the product is gone or short. */
    private Future<JsonObject> explainMiss(String orderId, String productId, int quantity) {
        return products.findRaw(productId).compose(doc -> {
            if (doc == null || doc.getBoolean("deleted", false)) {
                return Future.failedFuture(new ServiceException(404, "product_not_found",
                        "Product " + productId + " does not exist", new JsonObject().put("product_id", productId)));
            }
            if (reservationOf(doc, orderId) != null) {
                return Future.succeededFuture(reservedLine(doc, orderId));
            }
            return Future.failedFuture(ServiceException.conflict("insufficient_stock",
                    "Not enough stock for '" + doc.getString("name") + "': requested " + quantity + ", available "
                            + doc.getInteger("stock", 0),
                    new JsonObject()
                            .put("product_id", productId)
                            .put("name", doc.getString("name"))
                            .put("requested", quantity)
                            .put("available", doc.getInteger("stock", 0))));
        });
    }

    private static JsonObject reservedLine(JsonObject doc, String orderId) {
        JsonObject reservation = reservationOf(doc, orderId);
        return new JsonObject()
                .put("product_id", doc.getString("_id"))
                .put("quantity", reservation.getInteger("quantity"))
                .put("name", doc.getString("name"))
                .put("unit_price", Money.ofCents(doc.getLong("price_cents")).toJson())
                .put("vendor_id", doc.getString("vendor_id"));
    }

    private static JsonObject reservationOf(JsonObject doc, String orderId) {
        for (Object item : doc.getJsonArray("reservations", new JsonArray())) {
            JsonObject reservation = (JsonObject) item;
            if (orderId.equals(reservation.getString("order_id"))) {
                return reservation;
            }
        }
        return null;
    }

    private Future<Integer> releaseAll(String orderId) {
        return settleAll(orderId, true);
    }

    private Future<Integer> settleAll(String orderId, boolean backToStock) {
        return products.holding(orderId).compose(docs -> {
            List<Future<Boolean>> settled = new ArrayList<>();
            for (JsonObject doc : docs) {
                JsonObject reservation = reservationOf(doc, orderId);
                if (reservation != null) {
                    settled.add(products.settle(doc.getString("_id"), orderId, reservation.getInteger("quantity"),
                            backToStock).map(this::stockChanged));
                }
            }
            return Future.all(settled).map(all -> (int) settled.stream().filter(Future::result).count());
        });
    }

    /** A reservation, release, commit or restock was written (true), or matched nothing (false, no event). */
    private boolean stockChanged(Product product) {
        if (product == null) {
            return false;
        }
        readModel.written(Events.Products.STOCK_CHANGED, product);
        return true;
    }

    /** The requested lines, one per product (repeated products are summed), validated. */
    private static Map<String, Integer> lines(JsonObject body) {
        Object raw = body.getValue("lines");
        if (!(raw instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_LINES) {
            throw ServiceException.invalidField("lines", "'lines' must be a list of 1 to " + MAX_LINES + " items");
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (Object item : array) {
            if (!(item instanceof JsonObject line)) {
                throw ServiceException.invalidField("lines", "each line must be an object");
            }
            String productId = Input.requiredString(line, "product_id", 1, 100);
            int quantity = Input.requiredInt(line, "quantity", 1, MAX_QUANTITY);
            lines.merge(productId, quantity, Integer::sum);
        }
        return lines;
    }
}
