package io.marketplace.app;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Makes the embedded database's changes durable in groups: one committer thread commits the store and syncs its
 * file (fsync), then tells every writer that was waiting when that commit began. Writers that arrive while a commit
 * is running wait for the next one, so under load many writes share one commit and one sync, as WiredTiger's journal
 * and PostgreSQL's {@code commit_delay} do.
 *
 * <p>Invariant: a callback is told {@code true} only after a commit that started after its registration, and so
 * after its write, has been written and synced to the file.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final MVStore store;
    private final Thread committer;
    private final Object lock = new Object();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private List<Consumer<Boolean>> waiting = new ArrayList<>();
    private boolean closed;

    GroupCommit(MVStore store) {
        this.store = store;
        this.committer = new Thread(this::run, "embedded-mongo-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Calls back on the committer thread once every change made before this call is on disk ({@code true}), or when
     * that cannot happen because the store failed or is closing ({@code false}). Keep the callback short.
     */
    void afterNextSync(Consumer<Boolean> callback) {
        synchronized (lock) {
            if (!closed) {
                waiting.add(callback);
                lock.notifyAll();
                return;
            }
        }
        callback.accept(false);
    }

    /** Writes made durable so far, and the commits that carried them: their ratio is the group size. */
    long writes() {
        return writes.get();
    }

    long commits() {
        return commits.get();
    }

    private void run() {
        while (true) {
            List<Consumer<Boolean>> batch;
            synchronized (lock) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        closed = true;
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                batch = waiting;
                waiting = new ArrayList<>();
            }
            boolean synced = commitAndSync();
            if (synced) {
                writes.addAndGet(batch.size());
            }
            for (Consumer<Boolean> callback : batch) {
                try {
                    callback.accept(synced);
                } catch (RuntimeException e) {
                    LOG.warn("A durable-write callback failed: {}", e.toString());
                }
            }
        }
    }

    private boolean commitAndSync() {
        try {
            store.commit();
            // The store's background writer may have taken our changes in an asynchronous commit of its own; running
            // the sync as a file-store operation first drains its write queue, so the sync covers those bytes too.
            store.executeFilestoreOperation(store::sync);
            commits.incrementAndGet();
            return true;
        } catch (RuntimeException e) {
            LOG.error("Embedded database commit failed; the writes waiting for it are not acknowledged", e);
            return false;
        }
    }

    /** Lets the writers already waiting get their commit, then stops the committer thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
