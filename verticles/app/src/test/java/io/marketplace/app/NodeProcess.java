package io.marketplace.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A marketplace node launched from the fat jar in its own JVM, as a user would start it. Its output goes to a log
 * under the build's {@code target/it-work/node-logs}, there to read after a failure and gone with {@code mvn clean}.
 */
final class NodeProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("marketplace.jar", "target/marketplace.jar"));

    private final LoggedProcess process;

    private NodeProcess(LoggedProcess process) {
        this.process = process;
    }

    static NodeProcess start(Map<String, String> env, String... args) {
        try {
            Path log = Files.createTempFile(Files.createDirectories(Cluster.WORK.resolve("node-logs")),
                    "marketplace-node", ".log");
            List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                    JAR.toAbsolutePath().toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            return new NodeProcess(LoggedProcess.start("node", builder, log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a line containing the text; fails early if the process exits. */
    NodeProcess awaitLog(String text, Duration timeout) throws InterruptedException {
        process.awaitLog(text, timeout);
        return this;
    }

    String output() {
        return process.output();
    }

    /** How many requests of the products action this node answered (its bus log at DEBUG, as the clusters set). */
    int productsHandled(String action) {
        Matcher matcher = Pattern.compile("products " + action + " ok").matcher(output());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** SIGTERM: a clean stop. */
    int stop() throws InterruptedException {
        process.terminate();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGKILL: the node dies without a word. */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGSTOP: the JVM freezes as in a long GC pause or a suspended VM; its sockets stay open. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen JVM runs on, unaware of the time it lost. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
