package io.marketplace.app;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DurableH2BackendTest {

    @TempDir
    Path dataDir;

    private MVStore store;
    private GroupCommit commits;
    private MongoServer server;
    private Vertx vertx;
    private MongoClient mongo;

    @BeforeEach
    void open() {
        store = new MVStore.Builder().fileName(dataDir.resolve("test.mv.db").toString()).open();
        // The background writer would commit on its own within a second; a long delay keeps it out of the way, so
        // only the group commit can have saved what the assertions find saved.
        store.setAutoCommitDelay(60_000);
        commits = new GroupCommit(store);
        server = new MongoServer(new DurableH2Backend(store, commits));
        int port = Cluster.freePort();
        server.bind("127.0.0.1", port);
        vertx = Vertx.vertx();
        mongo = MongoClient.create(vertx, new JsonObject()
                .put("connection_string", "mongodb://127.0.0.1:" + port).put("db_name", "durable"));
    }

    @AfterEach
    void close() throws Exception {
        mongo.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.shutdown();
        commits.close();
        store.close();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("an insert, an update and a delete are each answered only after the store committed them")
    void writesAnsweredAfterCommit() throws Exception {
        await(mongo.insert("items", new JsonObject().put("_id", "a").put("n", 1)));
        assertThat(store.hasUnsavedChanges()).as("after insert").isFalse();
        await(mongo.updateCollection("items", new JsonObject().put("_id", "a"),
                new JsonObject().put("$set", new JsonObject().put("n", 2))));
        assertThat(store.hasUnsavedChanges()).as("after update").isFalse();
        await(mongo.removeDocument("items", new JsonObject().put("_id", "a")));
        assertThat(store.hasUnsavedChanges()).as("after delete").isFalse();
        assertThat(commits.writes()).isGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("concurrent writes are all acknowledged, all stored, and share commits")
    void concurrentWritesShareCommits() throws Exception {
        await(mongo.insert("items", new JsonObject().put("_id", "warm-up")));
        long commitsBefore = commits.commits();
        long writesBefore = commits.writes();
        List<Future<String>> inserts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inserts.add(mongo.insert("items", new JsonObject().put("_id", "item-" + i)));
        }
        await(Future.all(inserts));
        assertThat(await(mongo.count("items", new JsonObject()))).isEqualTo(201);
        assertThat(store.hasUnsavedChanges()).isFalse();
        assertThat(commits.writes() - writesBefore).isEqualTo(200);
        assertThat(commits.commits() - commitsBefore).as("commits for 200 concurrent inserts").isLessThan(200);
    }

    @Test
    @DisplayName("reads reply at once; writes, index changes and unknown commands wait for the commit")
    void classification() {
        assertThat(DurableH2Backend.mayChange("find", new Document())).isFalse();
        assertThat(DurableH2Backend.mayChange("getMore", new Document())).isFalse();
        assertThat(DurableH2Backend.mayChange("aggregate", new Document("pipeline", List.of(
                new Document("$match", new Document()))))).isFalse();
        assertThat(DurableH2Backend.mayChange("aggregate", new Document("pipeline", List.of(
                new Document("$match", new Document()), new Document("$out", "copy"))))).isTrue();
        for (String write : List.of("insert", "update", "delete", "findAndModify", "findandmodify",
                "createIndexes", "dropIndexes", "drop", "dropDatabase", "someFutureCommand")) {
            assertThat(DurableH2Backend.mayChange(write, new Document())).as(write).isTrue();
        }
    }
}
