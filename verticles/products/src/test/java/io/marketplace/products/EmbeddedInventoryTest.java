package io.marketplace.products;

import io.marketplace.testkit.InMemoryMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The inventory contract on the embedded MongoDB-compatible server: always runs. */
@DisplayName("Inventory on the embedded server")
class EmbeddedInventoryTest extends InventoryContract {

    private static InMemoryMongo server;

    @BeforeAll
    static void startServer() {
        server = InMemoryMongo.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Override
    protected String connectionString() {
        return server.connectionString();
    }
}
