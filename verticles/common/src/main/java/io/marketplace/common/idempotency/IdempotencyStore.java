package io.marketplace.common.idempotency;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.CanonicalJson;
import io.marketplace.common.mongo.Documents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.function.Supplier;

/**
 * Idempotency keys, scoped to the caller: the first request with a key runs and its answer (success or client
 * error) is stored; a retry with the same body gets that answer again, a different body 422, and a retry while the
 * first is still running 409. Server errors are not stored, so the client may retry them. Each service keeps its
 * keys in its own collection, so the same key sent to checkout and to a payment names two different requests.
 */
public class IdempotencyStore {

    public static final long RETENTION_MILLIS = 24 * 60 * 60 * 1000L;

    private final MongoClient mongo;
    private final String collection;

    public IdempotencyStore(MongoClient mongo, String collection) {
        this.mongo = mongo;
        this.collection = collection;
    }

    public Future<JsonObject> run(String userId, String key, JsonObject request, Supplier<Future<JsonObject>> work) {
        String id = userId + ":" + key;
        String hash = hash(request);
        JsonObject claim = new JsonObject().put("_id", id).put("request_hash", hash).put("state", "in_progress")
                .put("created_at", System.currentTimeMillis());
        return mongo.insert(collection, claim).transform(claimed -> {
            if (claimed.failed()) {
                return Documents.isDuplicateKey(claimed.cause())
                        ? replay(id, hash) : Future.failedFuture(claimed.cause());
            }
            return work.get().transform(outcome -> remember(id, outcome.succeeded()
                            ? new JsonObject().put("body", outcome.result())
                            : errorRecord(outcome.cause()))
                    .transform(ignored -> outcome.succeeded()
                            ? Future.succeededFuture(outcome.result())
                            : Future.failedFuture(outcome.cause())));
        });
    }

    private Future<Void> remember(String id, JsonObject record) {
        if (record == null) {
            return mongo.removeDocument(collection, new JsonObject().put("_id", id)).mapEmpty();
        }
        return mongo.updateCollection(collection, new JsonObject().put("_id", id), new JsonObject()
                .put("$set", record.put("state", "completed"))).mapEmpty();
    }

    /** The stored form of a failure, or null for a server-side one that must not be replayed. */
    private static JsonObject errorRecord(Throwable failure) {
        ServiceException error = ServiceException.from(failure);
        if (error.status() >= 500) {
            return null;
        }
        return new JsonObject().put("error", error.toJson()).put("status", error.status());
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

    static String hash(JsonObject request) {
        return CanonicalJson.sha256(request);
    }
}
