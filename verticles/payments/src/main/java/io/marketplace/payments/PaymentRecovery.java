package io.marketplace.payments;

import io.marketplace.common.bus.Caller;
import io.marketplace.common.idempotency.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/**
 * Finishes what a dying node left: successful charges whose order was never confirmed are confirmed (or refunded if
 * the order can no longer be paid), attempts stuck in processing are failed, their locks dropped, old idempotency
 * keys purged. Every step is idempotent.
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
                .compose(stuck -> each(stuck, attempt -> transactions.update(
                        attempt.finished(Payment.FAILED, "interrupted"))))
                .map(n -> report.put("interrupted_attempts", n))
                .compose(ignored -> transactions.dropLocksBefore(cutoff))
                .compose(ignored -> idempotency.purgeOlderThan(
                        System.currentTimeMillis() - IdempotencyStore.RETENTION_MILLIS))
                .map(report);
    }

    private static <T> Future<Integer> each(List<T> items, Function<T, Future<Void>> step) {
        Future<Void> chain = Future.succeededFuture();
        for (T item : items) {
            chain = chain.compose(ignored -> step.apply(item));
        }
        return chain.map(items.size());
    }
}
