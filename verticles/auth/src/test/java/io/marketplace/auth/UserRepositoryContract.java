package io.marketplace.auth;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.testkit.InMemoryMongo;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What UserRepository promises, run against every MongoDB it must work with. */
@ExtendWith(VertxExtension.class)
abstract class UserRepositoryContract {

    private MongoClient mongo;
    private UserRepository repository;

    protected abstract String connectionString();

    @BeforeEach
    void connect(Vertx vertx, VertxTestContext ctx) {
        mongo = InMemoryMongo.freshDatabase(vertx, connectionString(), "contract");
        repository = new UserRepository(mongo);
        repository.createIndexes().onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void close(VertxTestContext ctx) {
        mongo.close().onComplete(ctx.succeedingThenComplete());
    }

    private static User user(String email) {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        return new User(new ObjectId().toHexString(), email, "Name", "user", "$2a$10$hash", true, now, now);
    }

    @Test
    @DisplayName("a stored user is found by id and by email with every field intact")
    void roundTrip(VertxTestContext ctx) {
        User user = user("round@example.com");
        repository.insert(user)
                .compose(ignored -> Future.all(repository.findById(user.id()), repository.findByEmail(user.email())))
                .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
                    assertThat((User) found.resultAt(0)).isEqualTo(user);
                    assertThat((User) found.resultAt(1)).isEqualTo(user);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("the unique index refuses a second user with the same email, even when both race")
    void uniqueEmail(VertxTestContext ctx) {
        CompositeFuture all = Future.join(repository.insert(user("same@example.com")),
                repository.insert(user("same@example.com")));
        all.transform(settled -> Future.succeededFuture())
                .compose(settled -> {
                    ctx.verify(() -> {
                        assertThat(all.succeeded(0) ^ all.succeeded(1)).as("exactly one insert wins").isTrue();
                        Throwable failure = all.succeeded(0) ? all.cause(1) : all.cause(0);
                        assertThat(failure).isInstanceOf(ServiceException.class);
                        assertThat(((ServiceException) failure).status()).isEqualTo(409);
                    });
                    return mongo.count(UserRepository.COLLECTION, new JsonObject().put("email", "same@example.com"));
                })
                .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
                    assertThat(count).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("an update changes only the given fields and stamps updated_at")
    void updateFields(VertxTestContext ctx) {
        User user = user("update@example.com");
        repository.insert(user)
                .compose(ignored -> repository.updateFields(user.id(), new JsonObject().put("full_name", "New")))
                .compose(ignored -> repository.findById(user.id()))
                .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
                    assertThat(found.fullName()).isEqualTo("New");
                    assertThat(found.email()).isEqualTo(user.email());
                    assertThat(found.updatedAt()).isAfter(user.updatedAt());
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("an unknown id or email finds nothing")
    void unknown(VertxTestContext ctx) {
        Future.all(repository.findById("missing"), repository.findByEmail("missing@example.com"))
                .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
                    assertThat((User) found.resultAt(0)).isNull();
                    assertThat((User) found.resultAt(1)).isNull();
                    ctx.completeNow();
                })));
    }
}
