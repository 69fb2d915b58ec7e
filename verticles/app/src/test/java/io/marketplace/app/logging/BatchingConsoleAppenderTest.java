package io.marketplace.app.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BatchingConsoleAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private BatchingConsoleAppender appender;

    private Logger loggerWith(int queueSize, long flushMillis) {
        return loggerWith(queueSize, flushMillis, 1024);
    }

    private Logger loggerWith(int queueSize, long flushMillis, int batchSize) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %X{request_id:-none} %msg%n");
        encoder.start();
        appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("TEST");
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setFlushMillis(flushMillis);
        appender.setBatchSize(batchSize);
        appender.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
        appender.start();
        Logger logger = context.getLogger("access");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private List<String> lines() {
        String text = written.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
    }

    @AfterEach
    void stop() {
        appender.stop();
    }

    @Test
    @DisplayName("lines logged from several threads are all written, each thread's in order, and none before the flush")
    void writesEveryLineInOrderAtTheFlush() throws InterruptedException {
        // a batch larger than the 2,000 lines, so only the stop can write them
        Logger logger = loggerWith(8192, 60_000, 4096);
        List<Thread> threads = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                logger.info("t{} line {}", t, i);
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(lines()).as("nothing is written by the logging threads themselves").isEmpty();

        appender.stop();

        List<String> lines = lines();
        assertThat(lines).hasSize(2000);
        for (int t = 0; t < 4; t++) {
            String prefix = "INFO none t" + t + " line ";
            assertThat(lines.stream().filter(line -> line.startsWith(prefix)).toList())
                    .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    @DisplayName("a full batch is written at once, without waiting for the flush period")
    void writesAFullBatchAtOnce() throws InterruptedException {
        Logger logger = loggerWith(8192, 60_000, 100);
        for (int i = 0; i < 100; i++) {
            logger.info("line {}", i);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (lines().size() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(lines()).containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "INFO none line " + i)
                .toList());
    }

    @Test
    @DisplayName("a line is written within the flush period without waiting for a stop, with the logging thread's MDC")
    void flushesPeriodically() throws InterruptedException {
        Logger logger = loggerWith(8192, 20);
        context.getMDCAdapter().put("request_id", "r-1");
        try {
            logger.info("GET /health 200");
        } finally {
            context.getMDCAdapter().remove("request_id");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (lines().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(lines()).containsExactly("INFO r-1 GET /health 200");
    }

    @Test
    @DisplayName("when the queue is full further lines are dropped, never waited for, and the count is written")
    void dropsAndCountsWhenFull() {
        Logger logger = loggerWith(10, 60_000);
        for (int i = 0; i < 25; i++) {
            logger.info("line {}", i);
        }

        appender.stop();

        assertThat(lines()).containsExactlyElementsOf(java.util.stream.Stream.concat(
                IntStream.range(0, 10).mapToObj(i -> "INFO none line " + i),
                java.util.stream.Stream.of("[TEST] 15 lines dropped: the queue of 10 was full")).toList());
    }
}
