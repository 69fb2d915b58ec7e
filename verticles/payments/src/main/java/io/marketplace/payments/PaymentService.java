package io.marketplace.payments;

import io.marketplace.common.json.FieldErrors;
import io.marketplace.common.metrics.DomainMetrics;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.common.idempotency.IdempotencyStore;
import io.marketplace.common.json.Input;
import io.marketplace.common.json.Page;
import io.marketplace.common.money.Money;
import io.marketplace.common.recovery.Lease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * Charges orders with the simulator, never twice: the amount comes from the order, one attempt per order runs at a
 * time, every attempt is logged before the charge, and a successful charge is confirmed to the orders service
 * (retried by the recovery pass if the node dies in between).
 */
public class PaymentService {

    static final Set<String> METHODS = Set.of("credit_card", "debit_card", "paypal", "bank_transfer");
    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);

    private final Vertx vertx;
    private final TransactionRepository transactions;
    private final IdempotencyStore idempotency;
    private final PaymentSimulator simulator;
    private final BusClient bus;

    public PaymentService(Vertx vertx, TransactionRepository transactions, IdempotencyStore idempotency,
                          PaymentSimulator simulator, BusClient bus) {
        this.vertx = vertx;
        this.transactions = transactions;
        this.idempotency = idempotency;
        this.simulator = simulator;
        this.bus = bus;
    }

    public Future<JsonObject> process(JsonObject body, Caller caller) {
        String userId = caller.requireUserId();
        FieldErrors errors = new FieldErrors();
        String orderId = errors.check(() -> Input.requiredString(body, "order_id", 1, 100));
        String method = errors.check(() -> {
            String named = Input.requiredString(body, "payment_method", 1, 40).strip().toLowerCase();
            if (!METHODS.contains(named)) {
                throw ServiceException.invalidField("payment_method", "not_allowed",
                        "'payment_method' must be one of " + METHODS);
            }
            return named;
        });
        JsonObject card = errors.check(() -> Input.optionalObject(body, "card_details"));
        errors.throwIfAny();
        if (caller.idempotencyKey() == null) {
            return charge(orderId, method, card, caller);
        }
        JsonObject request = new JsonObject().put("order_id", orderId).put("payment_method", method)
                .put("card_details", card);
        return idempotency.run(userId, caller.idempotencyKey(), request, () -> charge(orderId, method, card, caller));
    }

    private Future<JsonObject> charge(String orderId, String method, JsonObject card, Caller caller) {
        return bus.request(Services.ORDERS, Actions.Orders.GET, new JsonObject().put("id", orderId), caller)
                .compose(order -> {
                    if (!caller.userId().equals(order.getString("user_id"))) {
                        return Future.failedFuture(ServiceException.notFound("Order not found"));
                    }
                    String status = order.getString("status");
                    if (Set.of("paid", "shipped", "delivered").contains(status)) {
                        return Future.failedFuture(alreadyPaid());
                    }
                    if (!"pending_payment".equals(status)) {
                        return Future.failedFuture(ServiceException.conflict("order_not_payable",
                                "An order that is " + status + " cannot be paid",
                                new JsonObject().put("status", status)));
                    }
                    return transactions.succeededCharge(orderId).compose(existing -> existing != null
                            ? Future.failedFuture(alreadyPaid())
                            : attempt(order, method, card, caller));
                });
    }

    /**
     * One attempt under the order's lock (a lease, renewed meanwhile): log it, charge, record the outcome, confirm
     * the order. If recovery interrupted the attempt meanwhile (this node froze past the lease) the charge is void
     * and nothing is confirmed.
     */
    private Future<JsonObject> attempt(JsonObject order, String method, JsonObject card, Caller caller) {
        long now = System.currentTimeMillis();
        Payment payment = new Payment(new ObjectId().toHexString(), Payment.CHARGE, order.getString("id"),
                caller.userId(), Money.requiredPositive(order, "total"), order.getString("currency", "USD"), method,
                CardDigits.lastFour(card), Payment.PROCESSING, null, now, now, 1);
        return transactions.lock(payment.orderId(), payment.id()).compose(locked -> {
            if (!locked) {
                return Future.failedFuture(ServiceException.conflict("payment_in_progress",
                        "Another payment of this order is in progress", null));
            }
            Lease lease = Lease.keep(vertx, "payment lock of order " + payment.orderId(),
                    () -> transactions.renewLock(payment.orderId(), payment.id()));
            Future<Payment> logged = caller.idempotencyKey() == null ? transactions.insert(payment)
                    : transactions.insert(payment, IdempotencyStore.claimId(caller.userId(), caller.idempotencyKey()));
            return logged
                    .compose(ignored -> {
                        String failure = simulator.charge(CardDigits.number(card));
                        Payment finished = failure == null
                                ? payment.finished(Payment.SUCCEEDED, null)
                                : payment.finished(Payment.FAILED, failure);
                        return transactions.finish(finished).compose(recorded -> {
                            if (!recorded) {
                                return Future.failedFuture(new ServiceException(503, "payment_interrupted",
                                        "The payment attempt was interrupted; nothing was charged, try again"));
                            }
                            DomainMetrics.payment(finished.status());
                            return Future.succeededFuture(finished);
                        });
                    })
                    .compose(finished -> Payment.SUCCEEDED.equals(finished.status())
                            ? confirm(finished, caller)
                            : Future.failedFuture(declined(finished)))
                    .eventually(() -> {
                        lease.end();
                        return transactions.unlock(payment.orderId(), payment.id());
                    });
        });
    }

    /**
     * Tells orders the charge succeeded. If the order can no longer be paid (it expired or was cancelled meanwhile)
     * the charge is refunded; if orders is unreachable the charge stands and the recovery pass confirms it later.
     */
    Future<JsonObject> confirm(Payment payment, Caller caller) {
        JsonObject markPaid = new JsonObject().put("order_id", payment.orderId()).put("payment_id", payment.id());
        return bus.request(Services.ORDERS, Actions.Orders.MARK_PAID, markPaid, Caller.system(caller.requestId()))
                .compose(order -> transactions.markOrderPaid(payment.id()).map(payment.toJson()))
                .recover(failure -> {
                    ServiceException error = ServiceException.from(failure);
                    if (error.status() == 409) {
                        LOG.warn("Order {} could not take payment {} ({}); refunding", payment.orderId(),
                                payment.id(), error.code());
                        return recordRefund(payment).compose(refund -> Future.failedFuture(
                                ServiceException.conflict("order_not_payable",
                                        "The order can no longer be paid; the charge was refunded",
                                        new JsonObject().put("refund_id", refund.id()))));
                    }
                    LOG.warn("Payment {} succeeded but order {} is not confirmed yet: {}", payment.id(),
                            payment.orderId(), error.getMessage());
                    return Future.succeededFuture(payment.toJson());
                });
    }

    /** Bus action for the orders service: refunds an order's successful charge, once. */
    public Future<JsonObject> refund(JsonObject body, Caller caller) {
        caller.requireAnyRole(Caller.ROLE_ADMIN);
        String orderId = Input.requiredString(body, "order_id", 1, 100);
        return transactions.succeededCharge(orderId).compose(charge -> charge == null
                ? Future.succeededFuture(new JsonObject().put("order_id", orderId).put("refunded", false))
                : recordRefund(charge).map(refund -> refund.toJson().put("refunded", true)));
    }

    /**
     * Records the order's one refund. Its id derives from the order, so two racing refunds insert one document; an
     * order refunded before refund ids lost their colon ({@code refund:<order>}) is found and not refunded again.
     */
    private Future<Payment> recordRefund(Payment charge) {
        long now = System.currentTimeMillis();
        Payment refund = new Payment(Payment.refundId(charge.orderId()), Payment.REFUND, charge.orderId(),
                charge.userId(), charge.amount(), charge.currency(), charge.paymentMethod(), charge.cardLast4(),
                Payment.SUCCEEDED, null, now, now, 1);
        return transactions.refundOf(charge.orderId()).compose(existing -> existing != null
                ? Future.succeededFuture(existing)
                : transactions.insertRefund(refund).compose(inserted -> {
                    if (inserted) {
                        DomainMetrics.payment("refunded");
                        return Future.succeededFuture(refund);
                    }
                    return transactions.find(refund.id());
                }));
    }

    /** The caller's charges and refunds, newest first (ties by id); paged by offset or cursor. */
    public Future<JsonObject> listMine(JsonObject params, Caller caller) {
        String userId = caller.requireUserId();
        Input.requireOnly(params, Page.PARAMS);
        Page page = Page.from(params);
        return Future.all(transactions.byUser(userId, page), transactions.countByUser(userId))
                .map(all -> page.listing(all.<List<Payment>>resultAt(0), all.<Long>resultAt(1), Payment::toJson,
                        Payment::key));
    }

    public Future<JsonObject> get(JsonObject params, Caller caller) {
        String userId = caller.requireUserId();
        Input.requireOnly(params, Set.of(), "id");
        return transactions.find(Input.requiredString(params, "id", 1, 100)).compose(payment ->
                payment != null && (caller.isAdmin() || payment.userId().equals(userId))
                        ? Future.succeededFuture(payment.toJson())
                        : Future.failedFuture(ServiceException.notFound("Payment not found")));
    }

    /**
     * The transactions of one order, in the same order and list shape as the caller's history (plus the
     * {@code order_id}). Every transaction of an order belongs to its buyer, so a page showing only the caller's
     * own is visible; an empty page or a stranger's asks the orders service whether the caller may see the order.
     */
    public Future<JsonObject> byOrder(JsonObject params, Caller caller) {
        String userId = caller.requireUserId();
        Input.requireOnly(params, Page.PARAMS, "order_id");
        String orderId = Input.requiredString(params, "order_id", 1, 100);
        Page page = Page.from(params);
        return Future.all(transactions.byOrder(orderId, page), transactions.countByOrder(orderId)).compose(all -> {
            List<Payment> payments = all.resultAt(0);
            boolean visible = caller.isAdmin() || payments.stream().allMatch(p -> p.userId().equals(userId));
            JsonObject listing = page.listing(payments, all.<Long>resultAt(1), Payment::toJson, Payment::key)
                    .put("order_id", orderId);
            if (payments.isEmpty() || !visible) {
                return bus.request(Services.ORDERS, Actions.Orders.GET, new JsonObject().put("id", orderId), caller)
                        .compose(order -> visible ? Future.succeededFuture(listing)
                                : Future.failedFuture(ServiceException.notFound("Order not found")));
            }
            return Future.succeededFuture(listing);
        });
    }

    /** The answer to a declined charge (also what a retry with its idempotency key gets). */
    static ServiceException declined(Payment failed) {
        return new ServiceException(402, "payment_failed", "The payment was declined: " + failed.failureReason(),
                failed.toJson());
    }

    private static ServiceException alreadyPaid() {
        return ServiceException.conflict("already_paid", "The order is already paid", null);
    }
}
