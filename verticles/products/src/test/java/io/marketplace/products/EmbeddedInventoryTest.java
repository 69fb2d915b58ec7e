package io.marketplace.products;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The inventory contract on the embedded MongoDB-compatible server: always runs. */
@DisplayName("Inventory on the embedded server")
class EmbeddedInventoryTest extends InventoryContract {

    private static MongoServer server;

    @BeforeAll
    static void startServer() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
    }

    @AfterAll
    static void stopServer() {
        server.shutdownNow();
    }

    @Override
    protected String connectionString() {
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }
}
