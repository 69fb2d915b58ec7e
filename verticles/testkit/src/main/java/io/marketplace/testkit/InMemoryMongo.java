package io.marketplace.testkit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.UUID;

/** The MongoDB-compatible server in memory on a free loopback port, and fresh databases on any server. */
public final class InMemoryMongo {

    private final MongoServer server;

    private InMemoryMongo(MongoServer server) {
        this.server = server;
    }

    public static InMemoryMongo start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return new InMemoryMongo(server);
    }

    public int port() {
        return server.getLocalAddress().getPort();
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port();
    }

    public void stop() {
        server.shutdownNow();
    }

    /** A unique database name with the prefix, so tests never see each other's documents. */
    public static String uniqueDatabase(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A client on a new, empty database of the server behind the connection string. */
    public static MongoClient freshDatabase(Vertx vertx, String connectionString, String prefix) {
        return MongoClient.create(vertx, new JsonObject()
                .put("connection_string", connectionString)
                .put("db_name", uniqueDatabase(prefix)));
    }
}
