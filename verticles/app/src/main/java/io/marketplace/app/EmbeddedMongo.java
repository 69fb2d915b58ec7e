package io.marketplace.app;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

/**
 * The MongoDB-compatible server a newcomer gets without installing anything: mongo-java-server with the H2 backend,
 * its data in one file under DATA_DIR, listening on loopback so extra nodes on the same machine can share it.
 * Every write is acknowledged only once committed and synced ({@link DurableH2Backend}, {@link GroupCommit}); a
 * marker file tells the next start whether this one ended cleanly ({@link UncleanStopMarker}).
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
    private static final String HOST = "127.0.0.1";

    private final GroupCommit commits;
    private final DurableH2Backend backend;
    private final MongoServer server;
    private final UncleanStopMarker marker;

    private EmbeddedMongo(GroupCommit commits, DurableH2Backend backend, MongoServer server,
                          UncleanStopMarker marker) {
        this.commits = commits;
        this.backend = backend;
        this.server = server;
        this.marker = marker;
    }

    public static EmbeddedMongo start(Path dataDir, int port) {
        Path file = dataDir.resolve("marketplace.mv.db");
        long openingAt = System.nanoTime();
        MVStore store;
        try {
            store = new MVStore.Builder().fileName(file.toString()).open();
        } catch (RuntimeException e) {
            throw new StartupException("Cannot open the embedded database " + file + " (is another node using "
                    + "this DATA_DIR without serving it on port " + port + "?): " + e.getMessage(), e);
        }
        GroupCommit commits = new GroupCommit(store);
        DurableH2Backend backend = new DurableH2Backend(store, commits);
        long openedInMs = (System.nanoTime() - openingAt) / 1_000_000;
        UncleanStopMarker marker = new UncleanStopMarker(dataDir);
        marker.previousRun().ifPresentOrElse(
                previous -> LOG.warn("Embedded MongoDB was not stopped cleanly last time ({}); recovered to its last "
                        + "synced commit in {} ms: every acknowledged write is kept. Order and payment recovery "
                        + "passes now finish any interrupted checkout.", previous, openedInMs),
                () -> LOG.info("Embedded MongoDB opened in {} ms (last stop was clean)", openedInMs));
        marker.markRunning();
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(HOST, port);
        } catch (RuntimeException e) {
            commits.close();
            backend.close();
            marker.markStopped();
            throw new StartupException("Port " + port + " for the embedded MongoDB is already in use; set "
                    + "EMBEDDED_MONGO_PORT to another port or MONGO_URL to a real MongoDB.", e);
        }
        LOG.info("Embedded MongoDB listening on {}:{} with data in {}; writes are acknowledged once synced to disk",
                HOST, port, file);
        return new EmbeddedMongo(commits, backend, server, marker);
    }

    /** True when something already accepts connections on the port: another node's embedded server. */
    public static boolean isServing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops accepting connections, syncs what is still waiting, closes the data file and marks the stop clean. */
    @Override
    public void close() {
        server.shutdown();
        commits.close();
        backend.close();
        marker.markStopped();
        LOG.info("Embedded MongoDB stopped and flushed: every write synced to disk, clean stop recorded ({} writes "
                + "acknowledged in {} group commits since start)", commits.writes(), commits.commits());
    }
}
