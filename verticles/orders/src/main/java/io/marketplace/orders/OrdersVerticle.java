package io.marketplace.orders;

import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.AppConfig;
import io.marketplace.common.events.EventPublisher;
import io.marketplace.common.idempotency.IdempotencyStore;
import io.marketplace.common.mongo.MongoClients;
import io.marketplace.common.recovery.PeriodicPass;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mongo.MongoClient;

/** Wiring of the orders service: cart, checkout, lifecycle and the periodic recovery pass. */
public class OrdersVerticle extends VerticleBase {

    static final String IDEMPOTENCY_KEYS = "checkout_idempotency_keys";

    private PeriodicPass recoveryPass;

    @Override
    public Future<?> start() {
        AppConfig config = AppConfig.fromJson(config());
        MongoClient mongo = MongoClients.shared(vertx, config);
        BusClient bus = new BusClient(vertx, config.busTimeoutMs());
        OrderRepository orders = new OrderRepository(mongo,
                new OrderEvents(new EventPublisher(vertx, Services.ORDERS)));
        CartRepository carts = new CartRepository(mongo);
        CartService cart = new CartService(carts, bus);
        IdempotencyStore idempotency = new IdempotencyStore(vertx, mongo, IDEMPOTENCY_KEYS);
        CheckoutService checkout = new CheckoutService(carts, orders, idempotency, bus, config);
        OrderService lifecycle = new OrderService(orders, bus);
        long period = config.reservationRecoverySeconds() * 1000L;
        // A checkout older than two bus timeouts is not running any more (each of its steps gives up after one), so
        // the pass may finish or undo it: stock of a crashed checkout is free within that plus one period.
        RecoveryService recovery = new RecoveryService(orders, carts, lifecycle, idempotency, bus,
                Math.max(period / 2, 2 * config.busTimeoutMs()));
        ActionDispatcher dispatcher = new ActionDispatcher(Services.ORDERS)
                .on(Actions.Orders.GET_CART, cart::get)
                .on(Actions.Orders.ADD_CART_ITEM, cart::add)
                .on(Actions.Orders.UPDATE_CART_ITEM, cart::update)
                .on(Actions.Orders.REMOVE_CART_ITEM, cart::remove)
                .on(Actions.Orders.CLEAR_CART, cart::clear)
                .on(Actions.Orders.CHECKOUT, checkout::checkout)
                .on(Actions.Orders.LIST, lifecycle::list)
                .on(Actions.Orders.LIST_SOLD, lifecycle::listSold)
                .on(Actions.Orders.GET, lifecycle::get)
                .on(Actions.Orders.CANCEL, lifecycle::cancel)
                .on(Actions.Orders.UPDATE_STATUS, lifecycle::updateStatus)
                .on(Actions.Orders.MARK_PAID, lifecycle::markPaid)
                .on(Actions.Orders.RECOVER, recovery::recover);
        return Future.all(orders.createIndexes(), carts.createIndexes(), idempotency.createIndexes())
                .compose(ignored -> dispatcher.register(vertx))
                .onSuccess(ignored -> recoveryPass = PeriodicPass.schedule(vertx, "Orders recovery pass", 0, period,
                        recovery::runOnce));
    }

    @Override
    public Future<?> stop() {
        if (recoveryPass != null) {
            recoveryPass.cancel();
        }
        return Future.succeededFuture();
    }
}
