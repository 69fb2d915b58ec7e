package io.marketplace.payments;

import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Services;
import io.marketplace.common.events.EventPublisher;
import io.marketplace.common.idempotency.IdempotencyStore;
import io.marketplace.common.money.Money;
import io.marketplace.payments.Checkout.PendingOrder;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static io.marketplace.payments.Checkout.pay;
import static io.marketplace.payments.Checkout.payment;
import static io.marketplace.payments.Checkout.pendingOrder;
import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a payments node that died (or froze past its lease) mid-request leaves behind, written straight into the
 * database as it would be, and what a retry with the same Idempotency-Key gets once recovery ran: the original
 * result when the charge completed, a fresh charge when it did not, never a second successful one.
 */
@ExtendWith(VertxExtension.class)
class AbandonedPaymentTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(Checkout.platform(1.0, 7));
    private static Vertx vertx;
    private static TestPlatform platform;
    private static PaymentRecovery recovery;
    private static TransactionRepository transactions;

    @BeforeAll
    static void recovery() {
        MongoClient mongo = platform.mongo();
        transactions = new TransactionRepository(mongo,
                new PaymentEvents(new EventPublisher(vertx, Services.PAYMENTS)));
        IdempotencyStore idempotency = new IdempotencyStore(vertx, mongo, PaymentsVerticle.IDEMPOTENCY_KEYS);
        recovery = new PaymentRecovery(transactions, idempotency, new PaymentService(vertx, transactions,
                idempotency, new PaymentSimulator(1.0, 7L), new BusClient(vertx, 5000)));
    }

    /** The claim a request with this key left in progress, its lease running out in {@code leaseLeft} ms. */
    private static Future<String> abandonedClaim(PendingOrder pending, String key, long leaseLeft) {
        long now = System.currentTimeMillis();
        JsonObject claim = new JsonObject()
                .put("_id", IdempotencyStore.claimId(pending.buyer().userId(), key))
                .put("request_hash", IdempotencyStore.hash(payment(pending.orderId())))
                .put("state", "in_progress").put("created_at", now - 40_000)
                .put("token", UUID.randomUUID().toString()).put("lease_until", now + leaseLeft);
        return platform.mongo().insert(PaymentsVerticle.IDEMPOTENCY_KEYS, claim);
    }

    /** An attempt of that request as the dead node logged it, in the given state. */
    private static Future<Payment> attempt(PendingOrder pending, String key, String status) {
        long past = System.currentTimeMillis() - 35_000;
        Payment attempt = new Payment(new ObjectId().toHexString(), Payment.CHARGE, pending.orderId(),
                pending.buyer().userId(), Money.requiredPositive(pending.order(), "total"), "USD", "credit_card",
                null, status, null, past, past, 1);
        return transactions.insert(attempt, IdempotencyStore.claimId(pending.buyer().userId(), key));
    }

    private static Future<Long> succeededCharges(String orderId) {
        return platform.mongo().count(TransactionRepository.COLLECTION, new JsonObject().put("order_id", orderId)
                .put("type", Payment.CHARGE).put("status", Payment.SUCCEEDED));
    }

    @Test
    @DisplayName("a key whose charge succeeded before its node died answers that charge after recovery: "
            + "same payment, one charge, the order paid")
    void completedChargeIsTheAnswer(VertxTestContext ctx) {
        String key = "died-after-charging";
        platform.users().vendor().compose(vendor -> pendingOrder(platform, vendor, "20.00", 1))
                .compose(pending -> abandonedClaim(pending, key, -1)
                        .compose(ignored -> attempt(pending, key, Payment.SUCCEEDED))
                        .compose(charged -> recovery.runOnce(PaymentRecovery.STALE_MILLIS)
                                .compose(report -> {
                                    ctx.verify(() -> assertThat(report.getInteger("abandoned_keys")).isEqualTo(1));
                                    return pay(platform, pending.buyer()).putHeader("Idempotency-Key", key)
                                            .sendJsonObject(payment(pending.orderId()));
                                })
                                .compose(retry -> {
                                    ctx.verify(() -> {
                                        assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
                                        assertThat(retry.bodyAsJsonObject().getString("id")).isEqualTo(charged.id());
                                    });
                                    return Future.all(succeededCharges(pending.orderId()), platform.mongo().findOne(
                                            "orders", new JsonObject().put("_id", pending.orderId()), null));
                                })))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    assertThat((Long) after.resultAt(0)).isEqualTo(1);
                    assertThat(((JsonObject) after.resultAt(1)).getString("status")).isEqualTo("paid");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a key whose charge was still processing when its node died is freed: the attempt is interrupted, "
            + "its lock dropped, and the retry with the same key charges once")
    void unfinishedChargeFreesTheKey(VertxTestContext ctx) {
        String key = "died-while-charging";
        platform.users().vendor().compose(vendor -> pendingOrder(platform, vendor, "20.00", 1))
                .compose(pending -> abandonedClaim(pending, key, -1)
                        .compose(ignored -> attempt(pending, key, Payment.PROCESSING))
                        .compose(stuck -> platform.mongo().insert(TransactionRepository.LOCKS, new JsonObject()
                                        .put("_id", pending.orderId()).put("payment_id", stuck.id())
                                        .put("created_at", stuck.createdAt())
                                        .put("lease_until", System.currentTimeMillis() + 20_000))
                                .compose(ignored -> recovery.runOnce(PaymentRecovery.STALE_MILLIS))
                                .compose(report -> pay(platform, pending.buyer()).putHeader("Idempotency-Key", key)
                                        .sendJsonObject(payment(pending.orderId())))
                                .compose(retry -> {
                                    ctx.verify(() -> {
                                        assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
                                        assertThat(retry.bodyAsJsonObject().getString("id")).isNotEqualTo(stuck.id());
                                    });
                                    return Future.all(succeededCharges(pending.orderId()), transactions.find(stuck.id()),
                                            transactions.finish(stuck.finished(Payment.SUCCEEDED, null)));
                                })))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    assertThat((Long) after.resultAt(0)).isEqualTo(1);
                    Payment interrupted = after.resultAt(1);
                    assertThat(interrupted.status()).isEqualTo(Payment.FAILED);
                    assertThat(interrupted.failureReason()).isEqualTo(Payment.INTERRUPTED);
                    assertThat((Boolean) after.resultAt(2)).as("the dead node's late outcome is refused").isFalse();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a key still within its lease stays 409 in progress through recovery, and no charge is made")
    void liveClaimIsKept(VertxTestContext ctx) {
        String key = "still-running";
        platform.users().vendor().compose(vendor -> pendingOrder(platform, vendor, "20.00", 1))
                .compose(pending -> abandonedClaim(pending, key, 20_000)
                        .compose(ignored -> recovery.runOnce(PaymentRecovery.STALE_MILLIS))
                        .compose(report -> pay(platform, pending.buyer()).putHeader("Idempotency-Key", key)
                                .sendJsonObject(payment(pending.orderId())))
                        .compose(retry -> {
                            ctx.verify(() -> assertError(retry, 409, "idempotency_in_progress"));
                            return succeededCharges(pending.orderId());
                        }))
                .onComplete(ctx.succeeding(charges -> ctx.verify(() -> {
                    assertThat(charges).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a payment lock whose lease ran out is taken over by the next attempt, which interrupts the old one")
    void expiredLockIsTakenOver(VertxTestContext ctx) {
        platform.users().vendor().compose(vendor -> pendingOrder(platform, vendor, "20.00", 1))
                .compose(pending -> attempt(pending, "lock", Payment.PROCESSING)
                        .compose(stuck -> platform.mongo().insert(TransactionRepository.LOCKS, new JsonObject()
                                        .put("_id", pending.orderId()).put("payment_id", stuck.id())
                                        .put("created_at", stuck.createdAt())
                                        .put("lease_until", System.currentTimeMillis() - 1))
                                .compose(ignored -> pay(platform, pending.buyer())
                                        .sendJsonObject(payment(pending.orderId())))
                                .compose(paid -> {
                                    ctx.verify(() -> assertThat(paid.statusCode()).as(paid.bodyAsString())
                                            .isEqualTo(201));
                                    return Future.all(succeededCharges(pending.orderId()),
                                            transactions.find(stuck.id()));
                                })))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    assertThat((Long) after.resultAt(0)).isEqualTo(1);
                    assertThat(((Payment) after.resultAt(1)).failureReason()).isEqualTo(Payment.INTERRUPTED);
                    ctx.completeNow();
                })));
    }
}
