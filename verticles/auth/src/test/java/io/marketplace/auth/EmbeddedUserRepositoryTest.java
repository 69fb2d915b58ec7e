package io.marketplace.auth;

import io.marketplace.testkit.InMemoryMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The repository contract on the embedded MongoDB-compatible server: always runs. */
@DisplayName("UserRepository on the embedded server")
class EmbeddedUserRepositoryTest extends UserRepositoryContract {

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
