package io.marketplace.app;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
    @DisplayName("a query naming an _id plus conditions finds that document only when every condition holds")
    void idWithConditions() throws Exception {
        for (int i = 0; i < 50; i++) {
            await(mongo.insert("stock", new JsonObject().put("_id", "p-" + i).put("stock", i).put("kind", "x")));
        }
        JsonObject reserveFive = new JsonObject().put("$inc", new JsonObject().put("stock", -5));
        JsonObject enough = new JsonObject().put("_id", "p-7").put("stock", new JsonObject().put("$gte", 5));
        JsonObject tooFew = new JsonObject().put("_id", "p-3").put("stock", new JsonObject().put("$gte", 5));

        assertThat(await(mongo.updateCollection("stock", enough, reserveFive)).getDocModified()).isEqualTo(1);
        assertThat(await(mongo.updateCollection("stock", tooFew, reserveFive)).getDocModified()).isZero();
        assertThat(await(mongo.findOneAndUpdate("stock", new JsonObject().put("_id", "missing")
                .put("stock", new JsonObject().put("$gte", 0)), reserveFive))).isNull();
        JsonObject answered = await(mongo.findOneAndUpdateWithOptions("stock", new JsonObject().put("_id", "p-9")
                        .put("kind", "x"), reserveFive, new io.vertx.ext.mongo.FindOptions(),
                new io.vertx.ext.mongo.UpdateOptions().setReturningNewDocument(true)));
        assertThat(answered).isEqualTo(new JsonObject().put("_id", "p-9").put("stock", 4).put("kind", "x"));

        // Side effects: only p-7 and p-9 changed, every other document is as inserted.
        for (JsonObject doc : await(mongo.find("stock", new JsonObject()))) {
            int i = Integer.parseInt(doc.getString("_id").substring(2));
            int expected = i == 7 || i == 9 ? i - 5 : i;
            assertThat(doc.getInteger("stock")).as(doc.getString("_id")).isEqualTo(expected);
        }
        assertThat(await(mongo.find("stock", new JsonObject().put("_id", "p-7").put("kind", "y")))).isEmpty();
        assertThat(await(mongo.removeDocuments("stock", new JsonObject().put("_id", "p-4")
                .put("stock", new JsonObject().put("$lt", 4)))).getRemovedCount()).isZero();
        assertThat(await(mongo.removeDocuments("stock", new JsonObject().put("_id", "p-4")
                .put("stock", 4))).getRemovedCount()).isEqualTo(1);
        assertThat(await(mongo.count("stock", new JsonObject()))).isEqualTo(49);
    }

    @Test
    @DisplayName("documents written through the id lookup are found again after the store is reopened")
    void reopened() throws Exception {
        await(mongo.insert("orders", new JsonObject().put("_id", "o-1").put("status", "reserving")));
        await(mongo.updateCollection("orders", new JsonObject().put("_id", "o-1").put("status", "reserving"),
                new JsonObject().put("$set", new JsonObject().put("status", "pending_payment"))));
        close();
        open();
        assertThat(await(mongo.findOne("orders", new JsonObject().put("_id", "o-1")
                .put("status", "pending_payment"), null))).isNotNull();
        assertThat(await(mongo.find("orders", new JsonObject().put("status", "pending_payment")))).hasSize(1);
    }

    @Test
    @DisplayName("a declared non-unique index answers equalities exactly as a scan, through updates, deletes and a reopen")
    void equalityIndex() throws Exception {
        await(mongo.createIndex("payments", new JsonObject().put("order_id", 1).put("created_at", -1)));
        await(mongo.insert("payments", payment("a", "o-1", 3, "succeeded")));
        await(mongo.insert("payments", payment("b", "o-2", 1, "failed")));
        await(mongo.insert("payments", payment("c", "o-1", 2, "failed")));
        await(mongo.insert("payments", new JsonObject().put("_id", "d").put("order_id", new io.vertx.core.json.JsonArray()
                .add("o-1").add("o-9")).put("created_at", 4).put("status", "succeeded")));
        await(mongo.insert("payments", new JsonObject().put("_id", "e").put("order_id", 12).put("created_at", 5)));
        await(mongo.insert("payments", new JsonObject().put("_id", "f").put("created_at", 6)));

        assertThat(ids(new JsonObject().put("order_id", "o-1"))).containsExactly("a", "c", "d");
        assertThat(ids(new JsonObject().put("order_id", "o-1").put("status", "succeeded"))).containsExactly("a", "d");
        assertThat(ids(new JsonObject().put("order_id", "o-9"))).containsExactly("d");
        assertThat(ids(new JsonObject().put("order_id", "nobody"))).isEmpty();
        assertThat(ids(new JsonObject().put("order_id", 12))).containsExactly("e");
        List<JsonObject> newest = await(mongo.findWithOptions("payments", new JsonObject().put("order_id", "o-1"),
                new io.vertx.ext.mongo.FindOptions().setSort(new JsonObject().put("created_at", -1)).setLimit(2)));
        assertThat(newest).extracting(doc -> doc.getString("_id")).containsExactly("d", "a");

        // An update that moves a document to another value, and one that keeps it, then a delete.
        await(mongo.updateCollection("payments", new JsonObject().put("_id", "c"),
                new JsonObject().put("$set", new JsonObject().put("order_id", "o-2"))));
        await(mongo.updateCollection("payments", new JsonObject().put("order_id", "o-1").put("status", "succeeded"),
                new JsonObject().put("$set", new JsonObject().put("checked", true))));
        await(mongo.removeDocument("payments", new JsonObject().put("_id", "b")));
        assertThat(ids(new JsonObject().put("order_id", "o-1"))).containsExactly("a", "d");
        assertThat(ids(new JsonObject().put("order_id", "o-2"))).containsExactly("c");
        assertThat(ids(new JsonObject().put("checked", true))).containsExactly("a");

        close();
        open();
        assertThat(ids(new JsonObject().put("order_id", "o-1"))).containsExactly("a", "d");
        assertThat(ids(new JsonObject().put("order_id", "o-2").put("status", "failed"))).containsExactly("c");
        await(mongo.insert("payments", payment("g", "o-2", 7, "succeeded")));
        assertThat(ids(new JsonObject().put("order_id", "o-2"))).containsExactly("c", "g");
        assertThat(await(mongo.count("payments", new JsonObject()))).isEqualTo(6);
    }

    @Test
    @DisplayName("a declared index on an array of texts answers an equality from the documents holding that text, "
            + "exactly as a scan, through updates, deletes and a reopen")
    void multikeyEqualityIndex() throws Exception {
        await(mongo.createIndex("orders", new JsonObject().put("vendor_ids", 1).put("created_at", -1)));
        await(mongo.insert("orders", sale("a", 1, "paid", "v-1", "v-2")));
        await(mongo.insert("orders", sale("b", 2, "paid", "v-2")));
        await(mongo.insert("orders", sale("c", 3, "shipped", "v-1", "v-1")));
        await(mongo.insert("orders", sale("d", 4, "paid")));
        await(mongo.insert("orders", new JsonObject().put("_id", "e").put("created_at", 5)
                .put("vendor_ids", new JsonArray().add("v-1").add(7))));
        await(mongo.insert("orders", new JsonObject().put("_id", "f").put("created_at", 6).put("vendor_ids", "v-1")));

        assertThat(sold(new JsonObject().put("vendor_ids", "v-1"))).containsExactly("f", "e", "c", "a");
        assertThat(sold(new JsonObject().put("vendor_ids", "v-2"))).containsExactly("b", "a");
        assertThat(sold(new JsonObject().put("vendor_ids", "v-1").put("status", "paid"))).containsExactly("a");
        assertThat(sold(new JsonObject().put("vendor_ids", "nobody"))).isEmpty();

        await(mongo.updateCollection("orders", new JsonObject().put("_id", "a"), new JsonObject()
                .put("$set", new JsonObject().put("vendor_ids", new JsonArray().add("v-2").add("v-3")))));
        await(mongo.updateCollectionWithOptions("orders", new JsonObject().put("vendor_ids", "v-2")
                        .put("status", "paid"), new JsonObject().put("$set", new JsonObject().put("status", "shipped")),
                new io.vertx.ext.mongo.UpdateOptions().setMulti(true)));
        await(mongo.removeDocument("orders", new JsonObject().put("_id", "f")));
        assertThat(sold(new JsonObject().put("vendor_ids", "v-1"))).containsExactly("e", "c");
        assertThat(sold(new JsonObject().put("vendor_ids", "v-3"))).containsExactly("a");
        assertThat(sold(new JsonObject().put("vendor_ids", "v-2").put("status", "shipped"))).containsExactly("b", "a");

        close();
        open();
        assertThat(sold(new JsonObject().put("vendor_ids", "v-1"))).containsExactly("e", "c");
        assertThat(sold(new JsonObject().put("vendor_ids", "v-2"))).containsExactly("b", "a");
        assertThat(await(mongo.count("orders", new JsonObject().put("vendor_ids", "v-3")))).isEqualTo(1);
    }

    @Test
    @DisplayName("an array of texts is filed under each of its texts, so a lookup names only the documents that "
            + "hold it; an array holding anything else stays a candidate for every lookup")
    void multikeyCandidates() {
        FieldIndex index = new FieldIndex("vendor_ids_1", List.of(new IndexKey("vendor_ids", true)));
        index.add(new Document("_id", "a").append("vendor_ids", List.of("v-1", "v-2")), "a", null);
        index.add(new Document("_id", "b").append("vendor_ids", List.of("v-2")), "b", null);
        index.add(new Document("_id", "c").append("vendor_ids", List.of("v-3", 4)), "c", null);
        index.add(new Document("_id", "d").append("vendor_ids", List.of()), "d", null);

        assertThat(index.getPositions(new Document("vendor_ids", "v-1"))).containsExactly("a", "c");
        assertThat(index.getPositions(new Document("vendor_ids", "v-2"))).containsExactly("a", "b", "c");
        index.updateInPlace(new Document("_id", "a").append("vendor_ids", List.of("v-1", "v-2")),
                new Document("_id", "a").append("vendor_ids", List.of("v-1")), "a", null);
        index.remove(new Document("_id", "b").append("vendor_ids", List.of("v-2")));
        assertThat(index.getPositions(new Document("vendor_ids", "v-2"))).containsExactly("c");
        assertThat(index.getPositions(new Document("vendor_ids", "v-1"))).containsExactly("a", "c");
        assertThat(index.getCount()).isEqualTo(3);
    }

    private static JsonObject sale(String id, int createdAt, String status, String... vendorIds) {
        return new JsonObject().put("_id", id).put("created_at", createdAt).put("status", status)
                .put("vendor_ids", new JsonArray(List.of(vendorIds)));
    }

    private List<String> sold(JsonObject query) throws Exception {
        return await(mongo.findWithOptions("orders", query, new io.vertx.ext.mongo.FindOptions()
                .setSort(new JsonObject().put("created_at", -1)))).stream().map(doc -> doc.getString("_id")).toList();
    }

    @Test
    @DisplayName("a declared index answers numeric ranges and dotted paths exactly as a scan, through updates and a reopen")
    void rangeAndPathIndex() throws Exception {
        for (String key : List.of("changed_at", "reservations.at", "reservations.order_id")) {
            await(mongo.createIndex("indexed", new JsonObject().put(key, 1)));
        }
        Random random = new Random(15);
        for (int i = 0; i < 300; i++) {
            JsonObject doc = rangeDocument(i, random);
            await(mongo.insert("indexed", doc.copy()));
            await(mongo.insert("scanned", doc.copy()));
        }
        List<JsonObject> queries = new ArrayList<>();
        for (Object low : List.of(-5, 0L, 10, 49.5, 150L, 299)) {
            queries.add(new JsonObject().put("changed_at", new JsonObject().put("$gte", low)));
            queries.add(new JsonObject().put("changed_at", new JsonObject().put("$gt", low).put("$lte", 120.25)));
            queries.add(new JsonObject().put("changed_at", new JsonObject().put("$lt", low)));
            queries.add(new JsonObject().put("reservations.at", new JsonObject().put("$lt", low)));
            queries.add(new JsonObject().put("reservations.at", new JsonObject().put("$gte", low))
                    .put("kind", "a"));
        }
        queries.add(new JsonObject().put("reservations.order_id", "o-7"));
        queries.add(new JsonObject().put("reservations.order_id", "o-nobody"));
        queries.add(new JsonObject().put("changed_at", new JsonObject().put("$gte", "text")));
        queries.add(new JsonObject().put("changed_at", new JsonObject().put("$ne", 5)));
        queries.add(new JsonObject().put("changed_at", new JsonObject().put("$in", new JsonArray().add(3).add(4))));
        assertSameAnswers(queries);

        // Moves between values, kinds and reservations, then a delete, applied to both collections alike.
        for (String collection : List.of("indexed", "scanned")) {
            await(mongo.updateCollection(collection, new JsonObject().put("_id", "d-3"),
                    new JsonObject().put("$set", new JsonObject().put("changed_at", 1000L))));
            await(mongo.updateCollection(collection, new JsonObject().put("_id", "d-4"),
                    new JsonObject().put("$set", new JsonObject().put("changed_at", "later"))));
            await(mongo.updateCollection(collection, new JsonObject().put("_id", "d-5"),
                    new JsonObject().put("$push", new JsonObject().put("reservations", new JsonObject()
                            .put("order_id", "o-new").put("at", 77)))));
            await(mongo.updateCollection(collection, new JsonObject().put("reservations.order_id", "o-7"),
                    new JsonObject().put("$pull", new JsonObject().put("reservations", new JsonObject()
                            .put("order_id", "o-7")))));
            await(mongo.removeDocument(collection, new JsonObject().put("_id", "d-6")));
        }
        queries.add(new JsonObject().put("changed_at", new JsonObject().put("$gt", 999)));
        queries.add(new JsonObject().put("reservations.order_id", "o-new"));
        assertSameAnswers(queries);
        assertThat(await(mongo.find("indexed", new JsonObject().put("reservations.order_id", "o-new"))))
                .extracting(doc -> doc.getString("_id")).containsExactly("d-5");

        close();
        open();
        assertSameAnswers(queries);
    }

    /** A document of every shape a range or a dotted path may meet: whole and fractional numbers, text, nothing. */
    private static JsonObject rangeDocument(int i, Random random) {
        JsonObject doc = new JsonObject().put("_id", "d-" + i).put("kind", random.nextBoolean() ? "a" : "b");
        switch (i % 9) {
            case 0 -> { }
            case 1 -> doc.putNull("changed_at");
            case 2 -> doc.put("changed_at", "t-" + i);
            case 3 -> doc.put("changed_at", i + 0.5);
            case 4 -> doc.put("changed_at", new JsonArray().add(i).add(i + 200));
            case 5 -> doc.put("changed_at", i);
            default -> doc.put("changed_at", (long) i);
        }
        JsonArray reservations = new JsonArray();
        switch (i % 5) {
            case 0 -> doc.put("reservations", reservations);
            case 1 -> { }
            case 2 -> doc.putNull("reservations");
            case 3 -> doc.put("reservations", new JsonObject().put("order_id", "o-" + (i % 11)).put("at", i));
            default -> {
                for (int r = 0; r < 1 + random.nextInt(3); r++) {
                    reservations.add(new JsonObject().put("order_id", "o-" + random.nextInt(11))
                            .put("at", random.nextInt(300)));
                }
                doc.put("reservations", reservations);
            }
        }
        return doc;
    }

    private void assertSameAnswers(List<JsonObject> queries) throws Exception {
        for (JsonObject query : queries) {
            List<String> indexed = await(mongo.find("indexed", query)).stream().map(doc -> doc.getString("_id"))
                    .toList();
            List<String> scanned = await(mongo.find("scanned", query)).stream().map(doc -> doc.getString("_id"))
                    .toList();
            assertThat(indexed).as(query.encode()).isEqualTo(scanned);
            assertThat(await(mongo.count("indexed", query))).as("count " + query.encode())
                    .isEqualTo(scanned.size());
            assertThat(aggregate("indexed", matchThenGroup(query)))
                    .as("aggregation " + query.encode())
                    .isEqualTo(aggregate("scanned", serversOwnPath(matchThenGroup(query))));
        }
        assertThat(await(mongo.find("scanned", new JsonObject().put("changed_at", new JsonObject()
                .put("$gte", 0))))).as("the queries select something").isNotEmpty();
    }

    /** A pipeline starting with the query as {@code $match}, whose answer depends on the order of what matched. */
    private static JsonArray matchThenGroup(JsonObject query) {
        return new JsonArray()
                .add(new JsonObject().put("$match", query))
                .add(new JsonObject().put("$group", new JsonObject().put("_id", "$kind")
                        .put("n", new JsonObject().put("$sum", 1))
                        .put("first", new JsonObject().put("$first", "$_id"))
                        .put("last", new JsonObject().put("$last", "$_id"))))
                .add(new JsonObject().put("$sort", new JsonObject().put("_id", 1)));
    }

    /** The same pipeline as mongo-java-server runs it: a leading {@code $skip} of nothing keeps it off the index. */
    private static JsonArray serversOwnPath(JsonArray pipeline) {
        return new JsonArray().add(new JsonObject().put("$skip", 0)).addAll(pipeline);
    }

    /**
     * Run on a Vert.x context, as the services run it: from a plain thread, the aggregation's stream could end before
     * {@code collect} listened, and the answer never came (seen here once in three runs).
     */
    private List<JsonObject> aggregate(String collection, JsonArray pipeline) throws Exception {
        Promise<List<JsonObject>> answer = Promise.promise();
        vertx.runOnContext(ignored -> mongo.aggregate(collection, pipeline).collect(Collectors.toList())
                .onComplete(answer));
        return await(answer.future());
    }

    @Test
    @DisplayName("a count or an aggregation starting with $match reads only the documents a declared index names, "
            + "and answers as the server's own pipeline does")
    void aggregationFromTheIndex() throws Exception {
        await(mongo.createIndex("orders", new JsonObject().put("user_id", 1).put("created_at", -1)));
        for (int i = 0; i < 40; i++) {
            JsonObject order = new JsonObject().put("_id", "o-" + i).put("user_id", "u-" + i % 4)
                    .put("created_at", i).put("status", i % 3 == 0 ? "paid" : "pending_payment")
                    .put("divisor", i % 4 == 3 ? 0 : 1);
            await(mongo.insert("orders", order.copy()));
            await(mongo.insert("unindexed", order));
        }
        JsonObject mine = new JsonObject().put("user_id", "u-1");
        assertThat(await(mongo.count("orders", mine))).isEqualTo(10);
        assertThat(await(mongo.count("orders", mine.copy().put("status", "paid")))).isEqualTo(3);
        assertThat(await(mongo.count("orders", new JsonObject().put("user_id", "nobody")))).isZero();
        JsonArray byStatus = new JsonArray()
                .add(new JsonObject().put("$match", mine))
                .add(new JsonObject().put("$group", new JsonObject().put("_id", "$status")
                        .put("n", new JsonObject().put("$sum", 1)).put("newest", new JsonObject().put("$max",
                                "$created_at"))))
                .add(new JsonObject().put("$sort", new JsonObject().put("_id", 1)));
        assertThat(aggregate("orders", byStatus)).containsExactly(
                new JsonObject().put("_id", "paid").put("n", 3).put("newest", 33),
                new JsonObject().put("_id", "pending_payment").put("n", 7).put("newest", 37));
        assertThat(aggregate("orders", byStatus)).isEqualTo(aggregate("unindexed", serversOwnPath(byStatus)));

        // A condition that fails on the other users' documents (their divisor is 0): evaluated on every document by
        // a scan, it is an error; from the index it only meets u-1's.
        // The condition comes first, so a scan's matcher meets it before the user.
        JsonObject dividing = new JsonObject().put("$expr", new JsonObject().put("$eq", new JsonArray()
                .add(new JsonObject().put("$divide", new JsonArray().add(1).add("$divisor"))).add(1)))
                .put("user_id", "u-1");
        assertThat(await(mongo.count("orders", dividing))).isEqualTo(10);
        assertThat(mongo.count("unindexed", dividing).toCompletionStage().toCompletableFuture())
                .as("the same count by a scan meets the other users' documents").failsWithin(20, TimeUnit.SECONDS);
    }

    private static JsonObject payment(String id, String orderId, int createdAt, String status) {
        return new JsonObject().put("_id", id).put("order_id", orderId).put("created_at", createdAt)
                .put("status", status);
    }

    private List<String> ids(JsonObject query) throws Exception {
        return await(mongo.find("payments", query)).stream().map(doc -> doc.getString("_id")).toList();
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
