package io.marketplace.common.recovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * A claim stored with an expiry ({@code lease_until}) instead of forever: renewed every third of its length while the
 * work holding it runs, so it outlives slow work but not the node that died or froze holding it, whose claims
 * recovery may then take over. Whoever takes one over must make the old holder's late writes miss (conditional
 * updates on the holder's token), since a frozen node can wake up after its lease ran out.
 */
public final class Lease {

    /** Long enough for any bus round trip plus the database, short enough that a crash is cleaned up soon. */
    public static final long MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

    private final Vertx vertx;
    private final long timerId;

    private Lease(Vertx vertx, String what, Supplier<Future<?>> renew) {
        this.vertx = vertx;
        this.timerId = vertx.setPeriodic(MILLIS / 3, id -> renew.get()
                .onFailure(failure -> LOG.warn("Renewing the lease of {} failed: {}", what, failure.getMessage())));
    }

    /** Starts renewing; {@link #end()} it when the work is done. */
    public static Lease keep(Vertx vertx, String what, Supplier<Future<?>> renew) {
        return new Lease(vertx, what, renew);
    }

    /** When a lease taken or renewed now runs out. */
    public static long until() {
        return System.currentTimeMillis() + MILLIS;
    }

    public void end() {
        vertx.cancelTimer(timerId);
    }
}
