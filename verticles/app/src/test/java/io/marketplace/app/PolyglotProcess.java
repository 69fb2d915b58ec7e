package io.marketplace.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A program in another language (node, python3) run from the repository, its output kept in a file. */
final class PolyglotProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private PolyglotProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static PolyglotProcess start(Path directory, Map<String, String> env, String... command) {
        try {
            Path log = Files.createTempFile("marketplace-polyglot", ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new PolyglotProcess(builder.start(), log);
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
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for a line containing the text; fails early if the program exits. */
    PolyglotProcess awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("program exited (" + process.exitValue() + ") before '" + text + "':\n"
                        + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + output());
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("program did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, and the wait for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
