package io.marketplace.common.idempotency;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.CanonicalJson;
import io.marketplace.common.mongo.Documents;
import io.marketplace.common.recovery.Lease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Idempotency keys, scoped to the caller: the first request with a key runs and its answer (success or client
 * error) is stored; a retry with the same body gets that answer again, a different body 422, and a retry while the
 * first is still running 409. Server errors are not stored, so the client may retry them. Each service keeps its
 * keys in its own collection, so the same key sent to checkout and to a payment names two different requests.
 *
 * <p>A running request holds its key under a {@link Lease}, renewed while it runs, and writes its answer only if it
 * still holds the claim (its token matches). When the node dies, the lease runs out and the service's recovery
 * finishes the record from what actually happened ({@link #complete}) or releases the key for a retry
 * ({@link #release}); so no key stays in progress longer than the lease plus one recovery period.
 */
public class IdempotencyStore {

    public static final long RETENTION_MILLIS = 24 * 60 * 60 * 1000L;

    private final Vertx vertx;
    private final MongoClient mongo;
    private final String collection;

    public IdempotencyStore(Vertx vertx, MongoClient mongo, String collection) {
        this.vertx = vertx;
        this.mongo = mongo;
        this.collection = collection;
    }

    /** What the recovery pass asks every few seconds (abandoned claims, expired keys), so an idle pass is cheap. */
    public Future<Void> createIndexes() {
        return mongo.createIndex(collection, new JsonObject().put("state", 1).put("lease_until", 1))
                .compose(ignored -> mongo.createIndex(collection, new JsonObject().put("created_at", 1)));
    }

    /** The stored id of a caller's key; work may tag what it writes with it, so recovery can find it. */
    public static String claimId(String userId, String key) {
        return userId + ":" + key;
    }

    public Future<JsonObject> run(String userId, String key, JsonObject request, Supplier<Future<JsonObject>> work) {
        String id = claimId(userId, key);
        String hash = hash(request);
        String token = UUID.randomUUID().toString();
        JsonObject claim = new JsonObject().put("_id", id).put("request_hash", hash).put("state", "in_progress")
                .put("created_at", System.currentTimeMillis()).put("token", token).put("lease_until", Lease.until());
        return mongo.insert(collection, claim).transform(claimed -> {
            if (claimed.failed()) {
                return Documents.isDuplicateKey(claimed.cause())
                        ? replay(id, hash) : Future.failedFuture(claimed.cause());
            }
            Lease lease = Lease.keep(vertx, "idempotency key " + id, () -> renew(id, token));
            return work.get().transform(outcome -> {
                lease.end();
                return remember(id, token, outcome.succeeded()
                                ? new JsonObject().put("body", outcome.result())
                                : errorRecord(outcome.cause()))
                        .transform(ignored -> outcome.succeeded()
                                ? Future.succeededFuture(outcome.result())
                                : Future.failedFuture(outcome.cause()));
            });
        });
    }

    private Future<Void> renew(String id, String token) {
        return mongo.updateCollection(collection, held(id, token),
                new JsonObject().put("$set", new JsonObject().put("lease_until", Lease.until()))).mapEmpty();
    }

    /** The claim as long as the holder with this token still has it in progress. */
    private static JsonObject held(String id, String token) {
        return new JsonObject().put("_id", id).put("token", token).put("state", "in_progress");
    }

    /** Stores the answer, or frees the key for a server error; a holder whose claim was taken over writes nothing. */
    private Future<Boolean> remember(String id, String token, JsonObject record) {
        if (record == null) {
            return mongo.removeDocuments(collection, held(id, token)).map(removed -> removed.getRemovedCount() > 0);
        }
        return mongo.updateCollection(collection, held(id, token), new JsonObject()
                        .put("$set", record.put("state", "completed")))
                .map(updated -> updated.getDocMatched() > 0);
    }

    /** Claims in progress whose lease ran out: their node died or froze before answering. */
    public Future<List<JsonObject>> abandoned(long now) {
        return mongo.find(collection, new JsonObject().put("state", "in_progress").put("$or", new JsonArray()
                .add(new JsonObject().put("lease_until", new JsonObject().put("$lt", now)))
                .add(new JsonObject().put("lease_until", new JsonObject().put("$exists", false))
                        .put("created_at", new JsonObject().put("$lt", now - Lease.MILLIS)))));
    }

    /** Stores the answer of an abandoned claim (work that completed before its node died). */
    public Future<Boolean> complete(JsonObject abandoned, JsonObject answer) {
        return remember(abandoned.getString("_id"), abandoned.getString("token"), answer);
    }

    /** Frees an abandoned claim whose work did not complete: a retry with the same key runs it anew. */
    public Future<Boolean> release(JsonObject abandoned) {
        return remember(abandoned.getString("_id"), abandoned.getString("token"), null);
    }

    /** The stored form of a successful answer, as a retry will get it. */
    public static JsonObject bodyAnswer(JsonObject body) {
        return new JsonObject().put("body", body);
    }

    /** The stored form of a client error, as a retry will get it. */
    public static JsonObject errorAnswer(ServiceException error) {
        return new JsonObject().put("error", error.toJson()).put("status", error.status());
    }

    /** The stored form of a failure, or null for a server-side one that must not be replayed. */
    private static JsonObject errorRecord(Throwable failure) {
        ServiceException error = ServiceException.from(failure);
        if (error.status() >= 500) {
            return null;
        }
        return errorAnswer(error);
    }

    private Future<JsonObject> replay(String id, String hash) {
        return mongo.findOne(collection, new JsonObject().put("_id", id), null).compose(stored -> {
            if (stored == null) {
                return Future.failedFuture(ServiceException.conflict("idempotency_in_progress",
                        "A request with this Idempotency-Key is still being processed", null));
            }
            if (!hash.equals(stored.getString("request_hash"))) {
                return Future.failedFuture(new ServiceException(422, "idempotency_key_reused",
                        "This Idempotency-Key was used with a different request"));
            }
            if (!"completed".equals(stored.getString("state"))) {
                return Future.failedFuture(ServiceException.conflict("idempotency_in_progress",
                        "A request with this Idempotency-Key is still being processed", null));
            }
            if (stored.containsKey("body")) {
                return Future.succeededFuture(stored.getJsonObject("body"));
            }
            JsonObject error = stored.getJsonObject("error");
            return Future.failedFuture(new ServiceException(stored.getInteger("status"), error.getString("code"),
                    error.getString("message"), error.getValue("details")));
        });
    }

    public Future<Void> purgeOlderThan(long cutoff) {
        return mongo.removeDocuments(collection, new JsonObject().put("created_at", new JsonObject().put("$lt", cutoff)))
                .mapEmpty();
    }

    public static String hash(JsonObject request) {
        return CanonicalJson.sha256(request);
    }
}
