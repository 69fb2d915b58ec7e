package io.marketplace.orders;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Services;
import io.marketplace.common.idempotency.IdempotencyStore;
import io.marketplace.common.json.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finishes or undoes what a crash or a lost message left behind, and expires unpaid orders. Every step is
 * idempotent (reserve/release/commit are keyed by order id, transitions are conditional), so running the pass twice,
 * or on two nodes at once, changes nothing more. Checkout idempotency keys are dropped after their retention; one whose
 * lease ran out (the node running its checkout died) is finished from what its checkout did: the order it created is
 * the answer a retry gets, and a checkout that created none, or whose order failed, frees the key for a retry.
 */
public class RecoveryService {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryService.class);

    private final OrderRepository orders;
    private final CartRepository carts;
    private final OrderService lifecycle;
    private final IdempotencyStore idempotency;
    private final BusClient bus;
    private final long staleAfterMillis;

    public RecoveryService(OrderRepository orders, CartRepository carts, OrderService lifecycle,
                           IdempotencyStore idempotency, BusClient bus, long staleAfterMillis) {
        this.orders = orders;
        this.carts = carts;
        this.lifecycle = lifecycle;
        this.idempotency = idempotency;
        this.bus = bus;
        this.staleAfterMillis = staleAfterMillis;
    }

    /** Bus action: runs one pass (optionally with another staleness threshold) and reports what it did. */
    public Future<JsonObject> recover(JsonObject body, Caller caller) {
        caller.requireAnyRole(Caller.ROLE_ADMIN);
        Long staleAfter = Input.optionalLong(body, "stale_after_ms", 0, Long.MAX_VALUE / 2);
        return runOnce(staleAfter == null ? staleAfterMillis : staleAfter);
    }

    public Future<JsonObject> runOnce() {
        return runOnce(staleAfterMillis);
    }

    private Future<JsonObject> runOnce(long staleAfterMillis) {
        Caller system = Caller.system("recovery-" + System.currentTimeMillis());
        JsonObject report = new JsonObject();
        return failStuckCheckouts(system, staleAfterMillis).map(n -> report.put("failed_checkouts", n))
                .compose(ignored -> expireUnpaid(system)).map(n -> report.put("expired_orders", n))
                .compose(ignored -> settleOrphanReservations(system, staleAfterMillis))
                .map(n -> report.put("settled_reservations", n))
                .compose(ignored -> unlockStaleCarts(staleAfterMillis)).map(n -> report.put("unlocked_carts", n))
                .compose(ignored -> finishRefunds(system)).map(n -> report.put("finished_refunds", n))
                .compose(ignored -> idempotency.abandoned(System.currentTimeMillis()))
                .compose(claims -> sequentially(claims, this::finishAbandonedKey))
                .map(n -> report.put("abandoned_checkout_keys", n))
                .compose(ignored -> idempotency.purgeOlderThan(
                        System.currentTimeMillis() - IdempotencyStore.RETENTION_MILLIS).map(report))
                .onSuccess(done -> {
                    if (done.stream().anyMatch(field -> ((Number) field.getValue()).intValue() > 0)) {
                        LOG.info("Recovery pass: {}", done.encode());
                    }
                });
    }

    /** Orders stuck in reserving past the threshold: give back what was reserved and mark them failed. */
    private Future<Integer> failStuckCheckouts(Caller system, long staleAfterMillis) {
        long cutoff = System.currentTimeMillis() - staleAfterMillis;
        return orders.inStateCreatedBefore(OrderState.RESERVING, cutoff).compose(stuck -> sequentially(stuck,
                order -> release(order.id(), system)
                        .compose(ignored -> orders.transition(order.id(), OrderState.RESERVING, OrderState.FAILED,
                                new JsonObject().put("failure_reason", "interrupted")))
                        .compose(ignored -> carts.unlock(order.userId(), order.id(), false))
                        .mapEmpty()));
    }

    /** Unpaid orders past their expiry: expire them, then give their stock back. */
    private Future<Integer> expireUnpaid(Caller system) {
        return orders.pendingExpiredBefore(System.currentTimeMillis()).compose(expired -> sequentially(expired,
                order -> orders.transition(order.id(), OrderState.PENDING_PAYMENT, OrderState.EXPIRED,
                                new JsonObject())
                        .compose(moved -> moved ? release(order.id(), system).mapEmpty()
                                : Future.<Void>succeededFuture())));
    }

    /**
     * Reservations whose order is gone or will never be paid are released; those of paid orders that missed their
     * commit are committed.
     */
    private Future<Integer> settleOrphanReservations(Caller system, long staleAfterMillis) {
        return bus.request(Services.PRODUCTS, Actions.Products.OPEN_RESERVATIONS,
                        new JsonObject().put("older_than_ms", staleAfterMillis), system)
                .compose(open -> {
                    Set<String> orderIds = new LinkedHashSet<>();
                    for (Object item : open.getJsonArray("items", new JsonArray())) {
                        orderIds.add(((JsonObject) item).getString("order_id"));
                    }
                    if (orderIds.isEmpty()) {
                        return Future.succeededFuture(0);
                    }
                    return orders.findAll(List.copyOf(orderIds)).compose(found -> {
                        Map<String, Order> byId = found.stream()
                                .collect(Collectors.toMap(Order::id, Function.identity()));
                        List<String> actionable = new ArrayList<>();
                        for (String orderId : orderIds) {
                            Order order = byId.get(orderId);
                            if (order == null || order.state().releasesStock() || order.state().isSold()) {
                                actionable.add(orderId);
                            }
                        }
                        return sequentially(actionable, orderId -> {
                            Order order = byId.get(orderId);
                            return order != null && order.state().isSold()
                                    ? commit(orderId, system).mapEmpty()
                                    : release(orderId, system).mapEmpty();
                        });
                    });
                });
    }

    /** Carts still locked by a checkout that ended without unlocking them (a crash in between). */
    private Future<Integer> unlockStaleCarts(long staleAfterMillis) {
        return carts.lockedBefore(System.currentTimeMillis() - staleAfterMillis).compose(locked -> sequentially(locked,
                cart -> {
                    String orderId = cart.getString(CartRepository.CHECKOUT);
                    return orders.find(orderId).compose(order -> {
                        if (order != null && order.state() == OrderState.RESERVING) {
                            return Future.<Void>succeededFuture();
                        }
                        boolean ordered = order != null && order.state() != OrderState.FAILED;
                        return carts.unlock(cart.getString("_id"), orderId, ordered).mapEmpty();
                    });
                }));
    }

    /**
     * A checkout key whose node died mid-checkout. An order still reserving is left for the next pass (the first
     * step fails it once stale, so this waits at most one period); a failed one never became the answer.
     */
    private Future<Void> finishAbandonedKey(JsonObject claim) {
        return orders.findByIdempotencyId(claim.getString("_id")).compose(order -> {
            if (order == null || order.state() == OrderState.FAILED) {
                return idempotency.release(claim).mapEmpty();
            }
            if (order.state() == OrderState.RESERVING) {
                return Future.succeededFuture();
            }
            return idempotency.complete(claim, IdempotencyStore.bodyAnswer(order.toJson())).mapEmpty();
        });
    }

    private Future<Integer> finishRefunds(Caller system) {
        return orders.cancelledAwaitingRefund().compose(pending -> sequentially(pending,
                order -> lifecycle.refundAndRestock(order, system)));
    }

    private Future<JsonObject> release(String orderId, Caller system) {
        return bus.request(Services.PRODUCTS, Actions.Products.RELEASE, new JsonObject().put("order_id", orderId),
                system);
    }

    private Future<JsonObject> commit(String orderId, Caller system) {
        return bus.request(Services.PRODUCTS, Actions.Products.COMMIT, new JsonObject().put("order_id", orderId),
                system);
    }

    /** Runs the step for each item one after another (a pass should not flood the bus); counts the items. */
    private static <T> Future<Integer> sequentially(List<T> items, Function<T, Future<Void>> step) {
        Future<Void> chain = Future.succeededFuture();
        for (T item : items) {
            chain = chain.compose(ignored -> step.apply(item));
        }
        return chain.map(items.size());
    }
}
