package io.marketplace.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * A file in DATA_DIR that exists exactly while the embedded database is open: written (and synced) at start, removed
 * at a clean stop. Finding it at start means the previous run ended without a clean stop (kill -9, power cut, OOM
 * kill), so start-up says it recovered instead of staying silent about it.
 */
final class UncleanStopMarker {

    private static final Logger LOG = LoggerFactory.getLogger(UncleanStopMarker.class);
    static final String FILE_NAME = "embedded-mongo.running";

    private final Path file;

    UncleanStopMarker(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** What the previous run wrote, if it never removed its marker. */
    Optional<String> previousRun() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).trim();
            return Optional.of(content.isEmpty() ? "no details" : content);
        } catch (IOException e) {
            return Optional.of("marker unreadable: " + e.getMessage());
        }
    }

    void markRunning() {
        String content = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(StandardCharsets.UTF_8.encode(content));
            channel.force(true);
        } catch (IOException e) {
            LOG.warn("Cannot write {}; an unclean stop will not be reported at the next start: {}", file,
                    e.getMessage());
        }
    }

    void markStopped() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot remove {}; the next start will report an unclean stop: {}", file, e.getMessage());
        }
    }
}
