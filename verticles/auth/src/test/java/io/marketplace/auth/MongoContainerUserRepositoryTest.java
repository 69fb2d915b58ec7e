package io.marketplace.auth;

import org.junit.jupiter.api.DisplayName;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same contract on a real MongoDB 7 when Docker is available; skipped (not failed) without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("UserRepository on MongoDB 7 (Testcontainers)")
class MongoContainerUserRepositoryTest extends UserRepositoryContract {

    @Container
    private static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7");

    @Override
    protected String connectionString() {
        return MONGO.getConnectionString();
    }
}
