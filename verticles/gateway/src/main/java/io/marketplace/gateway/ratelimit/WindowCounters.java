package io.marketplace.gateway.ratelimit;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per client and fixed window, counted on this node and reconciled with the other gateway nodes in the
 * background (the local-plus-global scheme of Envoy, or Kong's {@code sync_rate}).
 *
 * <p>Invariant: this node's own requests are counted exactly and at once; the other nodes' requests are known as of
 * the last sync. The estimate therefore never exceeds the true cluster-wide count, and lags it by at most what the
 * other nodes let through since that sync. With one gateway node it is exact.
 *
 * <p>A request costs one short synchronized update of its client's window: no cluster call and no future, so no
 * client's requests ever queue behind a cluster thread. A window is synced (its unsent delta added to the cluster
 * counter, the cluster total read back) when it is first used on this node, when a tenth of the limit has been
 * counted since the last sync, on every request in the last two tenths before the limit, and otherwise every
 * {@link #SYNC_INTERVAL_MILLIS} while it is in use or past half its limit. One sync per window is in flight at a
 * time, so a sync batch is at most a tenth of the limit, and near the limit only what arrives during one sync.
 *
 * <p>One instance per Vert.x instance, shared by every gateway verticle instance of the node, so all its event loops
 * enforce one limit.
 */
public final class WindowCounters implements Shareable {

    public static final long SYNC_INTERVAL_MILLIS = 100;
    private static final long SYNC_TIMEOUT_MILLIS = 1_000;
    private static final String SHARED_NAME = "marketplace.rate-limit.windows";
    private static final Logger LOG = LoggerFactory.getLogger(WindowCounters.class);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final ClusterCounts cluster;
    private final AtomicLong lastTick = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong();

    WindowCounters(ClusterCounts cluster) {
        this.cluster = cluster;
    }

    /** The node's counters; {@code cluster} is null when the node is not clustered (then they are simply local). */
    public static WindowCounters of(Vertx vertx, ClusterCounts cluster) {
        return vertx.sharedData().<String, WindowCounters>getLocalMap(SHARED_NAME)
                .computeIfAbsent(SHARED_NAME, ignored -> new WindowCounters(cluster));
    }

    /**
     * Counts one request of the client in the window starting at {@code windowStart} and returns the cluster-wide
     * count as this node knows it, this request included.
     */
    public long hit(String clientKey, long windowStart, long windowMillis, long limit) {
        Window window = windows.compute(clientKey, (key, current) -> current == null || current.start != windowStart
                ? new Window(key + "@" + windowStart, windowStart, windowMillis, limit) : current);
        long now = System.nanoTime();
        long count;
        long delta = -1;
        synchronized (window) {
            window.unsent++;
            window.lastHit = now;
            count = window.count();
            if (cluster != null && window.needsSyncOnHit(now, count)) {
                delta = window.startSync();
            }
        }
        if (delta >= 0) {
            sync(window, delta);
        }
        return count;
    }

    /**
     * Called by every gateway verticle instance's timer; runs at most once per interval for the node. Sends the
     * windows with unsent requests, refreshes those in use or near their limit, and forgets finished windows.
     */
    public void tick(long windowStartNow) {
        long now = System.nanoTime();
        long previous = lastTick.get();
        if (now - previous < TimeUnit.MILLISECONDS.toNanos(SYNC_INTERVAL_MILLIS) / 2
                || !lastTick.compareAndSet(previous, now)) {
            return;
        }
        windows.values().removeIf(window -> window.start < windowStartNow);
        if (cluster == null) {
            return;
        }
        for (Window window : windows.values()) {
            long delta = -1;
            synchronized (window) {
                if (window.needsSyncOnTick(now)) {
                    delta = window.startSync();
                }
            }
            if (delta >= 0) {
                sync(window, delta);
            }
        }
    }

    private void sync(Window window, long delta) {
        cluster.add(window.clusterKey, delta, window.windowMillis * 2)
                .timeout(SYNC_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .onComplete(result -> {
                    synchronized (window) {
                        window.endSync(delta, result.succeeded() ? result.result() : null, System.nanoTime());
                    }
                    if (result.failed()) {
                        warnThrottled(result.cause());
                    }
                });
    }

    /** A failing cluster leaves every node enforcing the limit on its own traffic; say so once a minute, not per sync. */
    private void warnThrottled(Throwable cause) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Rate-limit counters could not be synced with the cluster; each gateway counts alone meanwhile: {}",
                    cause.toString());
        }
    }

    int size() {
        return windows.size();
    }

    /** One client's window on this node; guarded by its own monitor. */
    private static final class Window {

        private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(SYNC_INTERVAL_MILLIS);

        final String clusterKey;
        final long start;
        final long windowMillis;
        final long limit;
        final long batch;
        long sent;
        long unsent;
        long others;
        long lastHit;
        long lastSync;
        boolean synced;
        boolean inFlight;

        Window(String clusterKey, long start, long windowMillis, long limit) {
            this.clusterKey = clusterKey;
            this.start = start;
            this.windowMillis = windowMillis;
            this.limit = limit;
            this.batch = Math.max(1, limit / 10);
            this.lastSync = System.nanoTime() - 2 * INTERVAL_NANOS;
        }

        long count() {
            return sent + unsent + others;
        }

        /**
         * At first use (the other nodes' count is unknown), after a tenth of the limit, on every request once the
         * client is within two tenths of the limit (where a stale view would let requests through), and when the
         * last sync is older than the interval. A refused client is synced only by the timer: once over the limit,
         * exact counting no longer changes an answer.
         */
        boolean needsSyncOnHit(long now, long count) {
            if (inFlight) {
                return false;
            }
            if (!synced || now - lastSync >= INTERVAL_NANOS) {
                return true;
            }
            return count <= limit && (unsent >= batch || count >= limit - 2 * batch);
        }

        /**
         * Unsent requests go out; a window in use or past half its limit is refreshed so refusals start in time.
         * Half an interval of slack, as the timer and the syncs do not tick in step.
         */
        boolean needsSyncOnTick(long now) {
            if (inFlight || now - lastSync < INTERVAL_NANOS / 2) {
                return false;
            }
            return unsent > 0 || now - lastHit < 2 * INTERVAL_NANOS || count() * 2 >= limit;
        }

        long startSync() {
            inFlight = true;
            return unsent;
        }

        /**
         * Our earlier deltas were all acknowledged (one sync in flight at a time), so the cluster total minus what
         * we sent is what the other nodes counted. A sync that failed leaves its delta unsent, to go with the next;
         * if a timed-out one was applied after all, that delta counts twice and the client is refused a little early,
         * which only happens after a cluster fault.
         */
        void endSync(long delta, Long clusterTotal, long now) {
            inFlight = false;
            lastSync = now;
            if (clusterTotal == null) {
                return;
            }
            synced = true;
            sent += delta;
            unsent -= delta;
            others = Math.max(others, clusterTotal - sent);
        }
    }
}
