package io.marketplace.payments;

import io.marketplace.common.bus.Caller;
import io.marketplace.common.idempotency.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/**
 * Finishes what a dying node left: successful charges whose order was never confirmed are confirmed (or refunded if
 * the order can no longer be paid), attempts stuck in processing are failed, locks whose lease ran out dropped,
 * idempotency keys whose lease ran out finished from what their request did (a charge that completed is the stored
 * answer; otherwise the key is freed for a retry), old keys purged. Every step is idempotent.
 */
public class PaymentRecovery {

    static final long STALE_MILLIS = 30_000;

    private final TransactionRepository transactions;
    private final IdempotencyStore idempotency;
    private final PaymentService payments;

    public PaymentRecovery(TransactionRepository transactions, IdempotencyStore idempotency,
                           PaymentService payments) {
        this.transactions = transactions;
        this.idempotency = idempotency;
        this.payments = payments;
    }

    public Future<JsonObject> runOnce(long staleMillis) {
        long cutoff = System.currentTimeMillis() - staleMillis;
        Caller system = Caller.system("payments-recovery-" + System.currentTimeMillis());
        JsonObject report = new JsonObject();
        return transactions.unconfirmedCharges(cutoff)
                .compose(charges -> each(charges, charge -> payments.confirm(charge, system)
                        .<Void>mapEmpty().recover(ignored -> Future.succeededFuture())))
                .map(n -> report.put("confirmed_charges", n))
                .compose(ignored -> transactions.processingBefore(cutoff))
                .compose(stuck -> each(stuck, attempt -> transactions.interrupt(attempt.id())))
                .map(n -> report.put("interrupted_attempts", n))
                .compose(ignored -> transactions.releaseExpiredLocks(System.currentTimeMillis()))
                .map(n -> report.put("expired_locks", n))
                .compose(ignored -> idempotency.abandoned(System.currentTimeMillis()))
                .compose(claims -> each(claims, this::finishAbandoned))
                .map(n -> report.put("abandoned_keys", n))
                .compose(ignored -> idempotency.purgeOlderThan(
                        System.currentTimeMillis() - IdempotencyStore.RETENTION_MILLIS))
                .map(report);
    }

    /**
     * An idempotency key whose node died mid-request: a charge that ended is the answer a retry gets; one still
     * processing is interrupted (its node is gone or frozen past the lease), its order lock dropped, and, like no
     * charge at all, frees the key.
     */
    private Future<Void> finishAbandoned(JsonObject claim) {
        return transactions.latestUnderKey(claim.getString("_id")).compose(attempt -> {
            if (attempt != null && Payment.SUCCEEDED.equals(attempt.status())) {
                return idempotency.complete(claim, IdempotencyStore.bodyAnswer(attempt.toJson())).mapEmpty();
            }
            if (attempt != null && Payment.FAILED.equals(attempt.status())
                    && !Payment.INTERRUPTED.equals(attempt.failureReason())) {
                return idempotency.complete(claim, IdempotencyStore.errorAnswer(PaymentService.declined(attempt)))
                        .mapEmpty();
            }
            Future<Void> interrupted = attempt == null ? Future.succeededFuture()
                    : transactions.interrupt(attempt.id())
                            .compose(ignored -> transactions.unlock(attempt.orderId(), attempt.id()));
            return interrupted.compose(ignored -> idempotency.release(claim)).mapEmpty();
        });
    }

    private static <T> Future<Integer> each(List<T> items, Function<T, Future<Void>> step) {
        Future<Void> chain = Future.succeededFuture();
        for (T item : items) {
            chain = chain.compose(ignored -> step.apply(item));
        }
        return chain.map(items.size());
    }
}
