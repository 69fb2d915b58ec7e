package io.marketplace.orders;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.common.json.Input;
import io.marketplace.common.json.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reading orders and moving them through their lifecycle, each move a conditional update on the current state. */
public class OrderService {

    private static final Set<String> SOLD_PARAMS = Stream.concat(Page.PARAMS.stream(), Stream.of("status"))
            .collect(Collectors.toUnmodifiableSet());
    private static final String STATUS_VALUES = Arrays.stream(OrderState.values()).map(OrderState::wire)
            .collect(Collectors.joining(", "));

    private final OrderRepository orders;
    private final BusClient bus;

    public OrderService(OrderRepository orders, BusClient bus) {
        this.orders = orders;
        this.bus = bus;
    }

    /** The caller's orders, newest first (ties by id); paged by offset or cursor. */
    public Future<JsonObject> list(JsonObject params, Caller caller) {
        String userId = caller.requireUserId();
        Input.requireOnly(params, Page.PARAMS);
        Page page = Page.from(params);
        return Future.all(orders.listByUser(userId, page), orders.countByUser(userId))
                .map(all -> page.listing(all.<List<Order>>resultAt(0), all.<Long>resultAt(1), Order::toJson,
                        Order::key));
    }

    /**
     * Orders with a line the calling vendor sells (every order, for an admin), newest first (ties by id), optionally
     * in one {@code status}; paged like {@link #list}. The orders come whole, other vendors' lines included, as
     * {@link #get} shows them to a vendor of the order.
     */
    public Future<JsonObject> listSold(JsonObject params, Caller caller) {
        caller.requireAnyRole(Caller.ROLE_ADMIN, Caller.ROLE_VENDOR);
        Input.requireOnly(params, SOLD_PARAMS);
        OrderState status = statusFilter(params);
        Page page = Page.from(params);
        String vendorId = caller.isAdmin() ? null : caller.userId();
        return Future.all(orders.listSold(vendorId, status, page), orders.countSold(vendorId, status))
                .map(all -> page.listing(all.<List<Order>>resultAt(0), all.<Long>resultAt(1), Order::toJson,
                        Order::key));
    }

    private static OrderState statusFilter(JsonObject params) {
        String status = Input.optionalString(params, "status", 30);
        if (status == null || status.isBlank()) {
            return null;
        }
        return OrderState.byWireName(status.strip()).orElseThrow(() -> ServiceException.invalidField("status",
                "'status' must be one of: " + STATUS_VALUES));
    }

    public Future<JsonObject> get(JsonObject params, Caller caller) {
        Input.requireOnly(params, Set.of(), "id");
        return visibleOrder(params, caller).map(Order::toJson);
    }

    /**
     * The owner (or an admin) cancels before shipping: stock goes back, and a paid order is refunded. Cancelling is
     * idempotent: an order already cancelled (by this request's earlier try, or a racing one) answers as it stands,
     * so a client retrying a timed-out cancel cannot mistake "already done" for "not allowed".
     */
    public Future<JsonObject> cancel(JsonObject params, Caller caller) {
        return visibleOrder(params, caller).compose(order -> {
            if (!caller.isAdmin() && !order.userId().equals(caller.userId())) {
                return Future.failedFuture(ServiceException.forbidden("Only the buyer or an admin may cancel"));
            }
            if (order.state() == OrderState.CANCELLED) {
                return Future.succeededFuture(order.toJson());
            }
            return move(order, OrderState.CANCELLED, new JsonObject().put("cancelled_by", caller.userId()))
                    .compose(cancelled -> order.state() == OrderState.PAID
                            ? refundAndRestock(order, Caller.system(caller.requestId()))
                            : release(order.id(), caller).<Void>mapEmpty())
                    .compose(ignored -> reload(order.id()))
                    .recover(failure -> alreadyCancelled(order.id(), failure));
        });
    }

    /** A racing cancel won: its outcome is this one's too. Any other failure stands. */
    private Future<JsonObject> alreadyCancelled(String id, Throwable failure) {
        if (!"invalid_transition".equals(ServiceException.from(failure).code())) {
            return Future.failedFuture(failure);
        }
        return reload(id).compose(current -> OrderState.CANCELLED.wire().equals(current.getString("status"))
                ? Future.succeededFuture(current)
                : Future.failedFuture(failure));
    }

    /** An admin, or a vendor selling a line of the order, marks it shipped or delivered. */
    public Future<JsonObject> updateStatus(JsonObject body, Caller caller) {
        // exact, as the sales filter: the states are lower case everywhere they are written or read
        String status = Input.requiredString(body, "status", 1, 20).strip();
        OrderState target = switch (status) {
            case "shipped" -> OrderState.SHIPPED;
            case "delivered" -> OrderState.DELIVERED;
            default -> throw ServiceException.invalidField("status", "'status' must be 'shipped' or 'delivered'");
        };
        caller.requireAnyRole(Caller.ROLE_ADMIN, Caller.ROLE_VENDOR);
        return visibleOrder(body, caller).compose(order -> {
            if (!caller.isAdmin() && !order.soldBy(caller.userId())) {
                return Future.failedFuture(ServiceException.forbidden("Only a vendor of this order or an admin "
                        + "may change its status"));
            }
            return move(order, target, new JsonObject()).compose(ignored -> reload(order.id()));
        });
    }

    /**
     * Payments reports a successful charge. Idempotent: the same payment again succeeds (and finishes the stock
     * commit if an earlier call was interrupted); another payment for a paid order is a conflict.
     */
    public Future<JsonObject> markPaid(JsonObject body, Caller caller) {
        String orderId = Input.requiredString(body, "order_id", 1, 100);
        String paymentId = Input.requiredString(body, "payment_id", 1, 100);
        JsonObject paid = new JsonObject().put("payment_id", paymentId).put("paid_at", System.currentTimeMillis());
        // The usual case first, as one conditional write; anything else (a replay, a lost race, a stranger's
        // order) is told apart by reading the order.
        return orders.transitionAndGet(orderId, caller.isAdmin() ? null : caller.userId(), OrderState.PENDING_PAYMENT,
                        OrderState.PAID, paid)
                .compose(moved -> moved != null
                        ? commit(moved, caller).map(ignored -> moved.toJson())
                        : requireOrder(orderId).compose(order -> markPaidUnusual(order, paymentId, paid, caller)));
    }

    private Future<JsonObject> markPaidUnusual(Order order, String paymentId, JsonObject paid, Caller caller) {
        if (!caller.isAdmin() && !order.userId().equals(caller.userId())) {
            return Future.failedFuture(ServiceException.notFound("Order not found"));
        }
        if (order.state().isSold()) {
            return paymentId.equals(order.paymentId())
                    ? commit(order, caller).compose(ignored -> reload(order.id()))
                    : Future.failedFuture(ServiceException.conflict("already_paid", "The order is already paid",
                            new JsonObject().put("payment_id", order.paymentId())));
        }
        return move(order, OrderState.PAID, paid)
                .compose(ignored -> commit(order, caller))
                .compose(ignored -> reload(order.id()));
    }

    /** Applies the transition if the table allows it and nobody changed the order meanwhile; else 409. */
    Future<Void> move(Order order, OrderState target, JsonObject extra) {
        if (!order.state().canMoveTo(target)) {
            return Future.failedFuture(invalidTransition(order.state(), target));
        }
        return orders.transition(order.id(), order.state(), target, extra).compose(moved -> moved
                ? Future.<Void>succeededFuture()
                : requireOrder(order.id()).compose(current -> Future.failedFuture(invalidTransition(
                        current.state(), target))));
    }

    private static ServiceException invalidTransition(OrderState from, OrderState to) {
        String message = from == OrderState.SHIPPED || from == OrderState.DELIVERED
                ? "The order has already been " + from.wire()
                : "An order that is " + from.wire() + " cannot become " + to.wire();
        return ServiceException.conflict("invalid_transition", message,
                new JsonObject().put("from", from.wire()).put("to", to.wire()));
    }

    private Future<JsonObject> release(String orderId, Caller caller) {
        return bus.request(Services.PRODUCTS, Actions.Products.RELEASE, new JsonObject().put("order_id", orderId),
                Caller.system(caller.requestId()));
    }

    /** The order's lines go along, so products settles them without first looking up who holds the order. */
    private Future<JsonObject> commit(Order order, Caller caller) {
        return bus.request(Services.PRODUCTS, Actions.Products.COMMIT, new JsonObject().put("order_id", order.id())
                .put("lines", order.reservationLines()), Caller.system(caller.requestId()));
    }

    /**
     * Refunds a cancelled paid order and returns its units; both steps are idempotent and the order records when
     * they are done, so the recovery pass can finish an interrupted cancel.
     */
    Future<Void> refundAndRestock(Order order, Caller system) {
        return bus.request(Services.PAYMENTS, Actions.Payments.REFUND, new JsonObject().put("order_id", order.id()),
                        system)
                .compose(refunded -> bus.request(Services.PRODUCTS, Actions.Products.RESTOCK, new JsonObject()
                        .put("order_id", order.id()).put("lines", order.reservationLines()), system))
                .compose(restocked -> orders.markRefunded(order.id()));
    }

    /** The order if the caller may see it: its buyer, an admin, or a vendor selling one of its lines; else 404. */
    private Future<Order> visibleOrder(JsonObject params, Caller caller) {
        String userId = caller.requireUserId();
        String id = Input.requiredString(params, "id", 1, 100);
        return requireOrder(id).compose(order -> caller.isAdmin() || order.userId().equals(userId)
                || (caller.hasRole(Caller.ROLE_VENDOR) && order.soldBy(userId))
                ? Future.succeededFuture(order)
                : Future.failedFuture(ServiceException.notFound("Order not found")));
    }

    private Future<Order> requireOrder(String id) {
        return orders.find(id).compose(order -> order == null
                ? Future.failedFuture(ServiceException.notFound("Order not found"))
                : Future.succeededFuture(order));
    }

    private Future<JsonObject> reload(String id) {
        return requireOrder(id).map(Order::toJson);
    }
}
