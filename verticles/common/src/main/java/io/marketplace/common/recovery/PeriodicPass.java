package io.marketplace.common.recovery;

import io.marketplace.common.cluster.ClusterStanding;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * A background pass (recovery, expiry) on a timer: one pass at a time, so a slow pass is never overlapped by the
 * next tick; a failed pass is logged and retried at the next tick. While this node is outside the main cluster the
 * pass is skipped: the main cluster runs its own, and a cut-off node would act on a view it cannot confirm.
 */
public final class PeriodicPass {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicPass.class);

    private final Vertx vertx;
    private final long timerId;
    private boolean running;
    private boolean skipping;

    private PeriodicPass(Vertx vertx, String name, long initialDelayMs, long periodMs, Supplier<Future<?>> pass) {
        this.vertx = vertx;
        this.timerId = vertx.setPeriodic(initialDelayMs, periodMs, id -> run(name, pass));
    }

    public static PeriodicPass schedule(Vertx vertx, String name, long initialDelayMs, long periodMs,
                                        Supplier<Future<?>> pass) {
        return new PeriodicPass(vertx, name, initialDelayMs, periodMs, pass);
    }

    private void run(String name, Supplier<Future<?>> pass) {
        if (running) {
            return;
        }
        String outside = ClusterStanding.outsideReason(vertx);
        if (outside != null) {
            if (!skipping) {
                LOG.warn("{} paused: {}", name, outside);
            }
            skipping = true;
            return;
        }
        if (skipping) {
            LOG.info("{} resumed: back in the main cluster", name);
            skipping = false;
        }
        running = true;
        pass.get()
                .onFailure(failure -> LOG.warn("{} failed: {}", name, failure.getMessage()))
                .onComplete(ignored -> running = false);
    }

    public void cancel() {
        vertx.cancelTimer(timerId);
    }
}
