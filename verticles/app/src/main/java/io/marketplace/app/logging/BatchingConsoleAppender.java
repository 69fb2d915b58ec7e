package io.marketplace.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An appender for high-volume lines (the access log): the logging thread only queues the event, and one writer
 * thread encodes whatever has queued every {@code flushMillis} and writes it to standard output in one write; under
 * heavy load it is also woken each time {@code batchSize} events have queued, so a batch stays small and short-lived
 * (events held for a whole period at tens of thousands a second would outlive young collections).
 *
 * <p>Why not logback's {@code AsyncAppender} in front of a {@code ConsoleAppender}: that pair wakes its worker for
 * every event (the producer signals a blocked {@code ArrayBlockingQueue.take}) and writes and flushes every line on
 * its own; at tens of thousands of requests a second the wake-ups, context switches and one {@code write} per line
 * were about a sixth of the gateway's CPU (docs/performance.md). Here a producer never signals anyone, and a batch
 * costs one write.
 *
 * <p>Invariants: a logging thread never blocks and never writes (when {@code queueSize} events are waiting, further
 * events are dropped and counted, as {@code neverBlock} did); lines keep their order; {@link #stop} writes what is
 * queued before it returns, so stopping logback at shutdown loses nothing.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private long flushMillis = 50;
    private int batchSize = 1024;
    private PrintStream out = System.out;
    private Thread writer;
    private volatile boolean running;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setFlushMillis(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Where lines go; standard output unless a test says otherwise. */
    void setOut(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("No encoder set for the appender named \"" + name + "\".");
            return;
        }
        running = true;
        writer = new Thread(this::writeUntilStopped, "access-log-writer-" + name);
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        int waiting = queued.incrementAndGet();
        if (waiting > queueSize) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        // what the event reads from the logging thread must be read here; the message is formatted by the writer
        event.getThreadName();
        event.getMDCPropertyMap();
        queue.offer(event);
        if (waiting % batchSize == 0) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeQueued();
    }

    private void writeUntilStopped() {
        while (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushMillis));
            writeQueued();
        }
    }

    private synchronized void writeQueued() {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(8192);
        ILoggingEvent event;
        while ((event = queue.poll()) != null) {
            queued.decrementAndGet();
            try {
                batch.writeBytes(encoder.encode(event));
            } catch (RuntimeException e) {
                addError("Could not encode a log event", e);
            }
        }
        int lost = dropped.getAndSet(0);
        if (lost > 0) {
            batch.writeBytes(("[" + name + "] " + lost + " lines dropped: the queue of " + queueSize + " was full"
                    + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (batch.size() > 0) {
            try {
                batch.writeTo(out);
            } catch (IOException e) {
                addError("Could not write the access log", e);
            }
            out.flush();
        }
    }
}
