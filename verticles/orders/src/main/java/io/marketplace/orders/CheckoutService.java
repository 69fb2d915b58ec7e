package io.marketplace.orders;

import io.marketplace.common.json.Timestamps;
import io.marketplace.common.metrics.DomainMetrics;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.AppConfig;
import io.marketplace.common.idempotency.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a cart into an order without ever overselling: the cart is locked for this checkout, the order is written
 * first in {@code reserving} (so a crash leaves a record the recovery pass can finish or undo), then every line is
 * reserved atomically by the products service, then the order awaits payment and the cart is emptied. With an
 * {@code Idempotency-Key}, a retried checkout gets the first answer (the order it created) instead of an empty cart.
 */
public class CheckoutService {

    private static final Logger LOG = LoggerFactory.getLogger(CheckoutService.class);

    private final CartRepository carts;
    private final OrderRepository orders;
    private final IdempotencyStore idempotency;
    private final BusClient bus;
    private final long expiryMillis;

    public CheckoutService(CartRepository carts, OrderRepository orders, IdempotencyStore idempotency, BusClient bus,
                           AppConfig config) {
        this.carts = carts;
        this.orders = orders;
        this.idempotency = idempotency;
        this.bus = bus;
        this.expiryMillis = (long) (config.orderExpiryMinutes() * 60_000);
    }

    public Future<JsonObject> checkout(JsonObject body, Caller caller) {
        String userId = caller.requireUserId();
        Object shippingAddress = ShippingAddress.read(body);
        if (caller.idempotencyKey() == null) {
            return checkout(userId, shippingAddress, null, caller);
        }
        JsonObject request = new JsonObject().put("shipping_address", shippingAddress);
        return idempotency.run(userId, caller.idempotencyKey(), request, () -> checkout(userId, shippingAddress,
                IdempotencyStore.claimId(userId, caller.idempotencyKey()), caller));
    }

    /** {@code idempotencyId} (or null) tags the order, so recovery can finish the key if this node dies. */
    private Future<JsonObject> checkout(String userId, Object shippingAddress, String idempotencyId, Caller caller) {
        String orderId = new ObjectId().toHexString();
        return carts.lockForCheckout(userId, orderId)
                .compose(locked -> locked != null ? Future.succeededFuture(locked) : refuse(userId))
                .compose(doc -> {
                    Cart cart = Cart.fromDocument(userId, doc);
                    if (cart.lines().isEmpty()) {
                        return carts.unlock(userId, orderId, false).compose(ignored -> Future.failedFuture(
                                new ServiceException(400, "empty_cart", "The cart is empty")));
                    }
                    long now = System.currentTimeMillis();
                    Order order = new Order(orderId, userId, OrderState.RESERVING, cart.lines(),
                            Order.totalOf(cart.lines()), shippingAddress, null, null, now, now, null,
                            new JsonArray().add(new JsonObject().put("status", OrderState.RESERVING.wire())
                                    .put("at", Timestamps.format(now))), 1);
                    return orders.insert(order, idempotencyId)
                            .recover(failure -> carts.unlock(userId, orderId, false)
                                    .transform(ignored -> Future.failedFuture(failure)));
                })
                .compose(order -> reserve(order, caller));
    }

    private Future<JsonObject> reserve(Order order, Caller caller) {
        JsonObject request = new JsonObject().put("order_id", order.id()).put("lines", order.reservationLines());
        return bus.request(Services.PRODUCTS, Actions.Products.RESERVE, request, caller)
                .compose(reserved -> {
                    long expiresAt = System.currentTimeMillis() + expiryMillis;
                    return orders.transitionAndGet(order.id(), null, OrderState.RESERVING,
                                    OrderState.PENDING_PAYMENT, new JsonObject().put("expires_at", expiresAt))
                            .compose(pending -> pending != null
                                    ? carts.unlock(order.userId(), order.id(), true).map(pending)
                                    : Future.failedFuture(ServiceException.conflict("checkout_interrupted",
                                            "The order could not be completed; try again", null)));
                })
                .onSuccess(created -> DomainMetrics.orderCheckout("created"))
                .map(Order::toJson)
                .recover(failure -> abandon(order, caller, ServiceException.from(failure)));
    }

    /** Gives back whatever was reserved, keeps the order as {@code failed} for audit, leaves the cart as it was. */
    private Future<JsonObject> abandon(Order order, Caller caller, ServiceException cause) {
        LOG.info("Checkout of order {} failed: {} {} request_id={}", order.id(), cause.status(), cause.code(),
                caller.requestId());
        DomainMetrics.orderCheckout(cause.status() == 409 ? "out_of_stock" : "failed");
        return bus.request(Services.PRODUCTS, Actions.Products.RELEASE, new JsonObject().put("order_id", order.id()),
                        caller)
                .compose(released -> orders.transition(order.id(), OrderState.RESERVING, OrderState.FAILED,
                        new JsonObject().put("failure_reason", cause.code())))
                .compose(failed -> carts.unlock(order.userId(), order.id(), false))
                .transform(ignored -> Future.failedFuture(cause));
    }

    /**
     * The cart could not be locked: there is none, it is empty (the lock takes only a cart with lines, so an empty
     * cart is refused without any write), or another checkout holds it.
     */
    private Future<JsonObject> refuse(String userId) {
        return carts.find(userId).compose(doc -> Cart.fromDocument(userId, doc).lines().isEmpty()
                ? Future.failedFuture(new ServiceException(400, "empty_cart", "The cart is empty"))
                : Future.failedFuture(ServiceException.conflict("checkout_in_progress",
                        "A checkout of this cart is already in progress", null)));
    }
}
