package io.marketplace.payments;

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

/** Wiring of the payments service: simulator, transaction log, idempotency keys and the recovery timer. */
public class PaymentsVerticle extends VerticleBase {

    /** The payments' own idempotency keys (the collection name predates checkout keys; stored keys stay valid). */
    static final String IDEMPOTENCY_KEYS = "idempotency_keys";

    private PeriodicPass recoveryPass;

    @Override
    public Future<?> start() {
        AppConfig config = AppConfig.fromJson(config());
        MongoClient mongo = MongoClients.shared(vertx, config);
        TransactionRepository transactions = new TransactionRepository(mongo,
                new PaymentEvents(new EventPublisher(vertx, Services.PAYMENTS)));
        IdempotencyStore idempotency = new IdempotencyStore(vertx, mongo, IDEMPOTENCY_KEYS);
        PaymentService payments = new PaymentService(vertx, transactions, idempotency,
                new PaymentSimulator(config.paymentSuccessRate(), config.paymentSeed()),
                new BusClient(vertx, config.busTimeoutMs()));
        PaymentRecovery recovery = new PaymentRecovery(transactions, idempotency, payments);
        ActionDispatcher dispatcher = new ActionDispatcher(Services.PAYMENTS)
                .on(Actions.Payments.PROCESS, payments::process)
                .on(Actions.Payments.LIST_MINE, payments::listMine)
                .on(Actions.Payments.GET, payments::get)
                .on(Actions.Payments.BY_ORDER, payments::byOrder)
                .on(Actions.Payments.REFUND, payments::refund);
        long period = config.reservationRecoverySeconds() * 1000L;
        return Future.all(transactions.createIndexes(), idempotency.createIndexes())
                .compose(ignored -> dispatcher.register(vertx))
                .onSuccess(ignored -> recoveryPass = PeriodicPass.schedule(vertx, "Payments recovery pass", period,
                        period, () -> recovery.runOnce(PaymentRecovery.STALE_MILLIS)));
    }

    @Override
    public Future<?> stop() {
        if (recoveryPass != null) {
            recoveryPass.cancel();
        }
        return Future.succeededFuture();
    }
}
