package io.marketplace.products;

import org.junit.jupiter.api.DisplayName;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same contract on a real MongoDB 7 when Docker is available; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("Inventory on MongoDB 7 (Testcontainers)")
class MongoContainerInventoryTest extends InventoryContract {

    @Container
    private static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7");

    @Override
    protected String connectionString() {
        return MONGO.getConnectionString();
    }
}
