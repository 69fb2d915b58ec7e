package io.marketplace.common.recovery;

import io.marketplace.common.cluster.ClusterStanding;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicPassTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    @DisplayName("a pass does not run while the node is outside the main cluster, and runs again once it is back")
    void skippedWhileOutside() throws Exception {
        ClusterStanding.markOutside(vertx, "split");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ranAfterReturn = new CountDownLatch(1);
        PeriodicPass pass = PeriodicPass.schedule(vertx, "test pass", 1, 20, () -> {
            runs.incrementAndGet();
            ranAfterReturn.countDown();
            return Future.succeededFuture();
        });
        Thread.sleep(200);
        assertThat(runs).as("runs while outside").hasValue(0);

        ClusterStanding.markInside(vertx);
        assertThat(ranAfterReturn.await(5, TimeUnit.SECONDS)).as("ran once inside").isTrue();
        pass.cancel();
    }
}
