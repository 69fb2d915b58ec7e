package io.marketplace.app;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

/**
 * The MongoDB-compatible server a newcomer gets without installing anything: mongo-java-server with the H2 backend,
 * its data in one file under DATA_DIR, listening on loopback so extra nodes on the same machine can share it.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
    private static final String HOST = "127.0.0.1";

    private final H2Backend backend;
    private final MongoServer server;

    private EmbeddedMongo(H2Backend backend, MongoServer server) {
        this.backend = backend;
        this.server = server;
    }

    public static EmbeddedMongo start(Path dataDir, int port) {
        Path file = dataDir.resolve("marketplace.mv.db");
        H2Backend backend;
        try {
            backend = new H2Backend(file.toString());
        } catch (RuntimeException e) {
            throw new StartupException("Cannot open the embedded database " + file + " (is another node using "
                    + "this DATA_DIR without serving it on port " + port + "?): " + e.getMessage(), e);
        }
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(HOST, port);
        } catch (RuntimeException e) {
            backend.close();
            throw new StartupException("Port " + port + " for the embedded MongoDB is already in use; set "
                    + "EMBEDDED_MONGO_PORT to another port or MONGO_URL to a real MongoDB.", e);
        }
        LOG.info("Embedded MongoDB listening on {}:{} with data in {}", HOST, port, file);
        return new EmbeddedMongo(backend, server);
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

    /** Stops accepting connections and flushes the data file. */
    @Override
    public void close() {
        server.shutdown();
        backend.close();
        LOG.info("Embedded MongoDB stopped and flushed");
    }
}
