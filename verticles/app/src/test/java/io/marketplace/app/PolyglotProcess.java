package io.marketplace.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A program in another language (node, python3) run from the repository, its output kept in a file. */
final class PolyglotProcess implements AutoCloseable {

    private final LoggedProcess process;

    private PolyglotProcess(LoggedProcess process) {
        this.process = process;
    }

    static PolyglotProcess start(Path directory, Map<String, String> env, String... command) {
        try {
            Path log = Files.createTempFile("marketplace-polyglot", ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(directory.toFile());
            builder.environment().putAll(env);
            return new PolyglotProcess(LoggedProcess.start(command[0], builder, log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the program exists on this machine's PATH (it answers {@code --version}). */
    static boolean installed(String program) {
        try {
            Process probe = new ProcessBuilder(program, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String output() {
        return process.output();
    }

    /** Waits for a line containing the text; fails early if the program exits. */
    PolyglotProcess awaitLog(String text, Duration timeout) throws InterruptedException {
        process.awaitLog(text, timeout);
        return this;
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** SIGTERM, and the wait for the exit (SIGKILL after ten seconds). */
    void stop() throws InterruptedException {
        process.terminate();
        try {
            process.awaitExit(Duration.ofSeconds(10));
        } catch (AssertionError stillRunning) {
            process.kill();
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
