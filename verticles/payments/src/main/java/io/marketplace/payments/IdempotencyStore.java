package io.marketplace.payments;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.mongo.Documents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Idempotency keys, scoped to the caller: the first request with a key runs and its answer (success or client
 * error) is stored; a retry with the same body gets that answer again, a different body 422, and a retry while the
 * first is still running 409. Server errors are not stored, so the client may retry them.
 */
public class IdempotencyStore {

    static final String COLLECTION = "idempotency_keys";
    static final long RETENTION_MILLIS = 24 * 60 * 60 * 1000L;

    private final MongoClient mongo;

    public IdempotencyStore(MongoClient mongo) {
        this.mongo = mongo;
    }

    public Future<JsonObject> run(String userId, String key, JsonObject request, Supplier<Future<JsonObject>> work) {
        String id = userId + ":" + key;
        String hash = hash(request);
        JsonObject claim = new JsonObject().put("_id", id).put("request_hash", hash).put("state", "in_progress")
                .put("created_at", System.currentTimeMillis());
        return mongo.insert(COLLECTION, claim).transform(claimed -> {
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
            return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", id)).mapEmpty();
        }
        return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), new JsonObject()
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
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null).compose(stored -> {
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
        return mongo.removeDocuments(COLLECTION, new JsonObject().put("created_at", new JsonObject().put("$lt", cutoff)))
                .mapEmpty();
    }

    static String hash(JsonObject request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON with keys sorted at every level, so field order does not change the hash. */
    private static String canonical(Object value) {
        if (value instanceof JsonObject object) {
            StringBuilder out = new StringBuilder("{");
            object.fieldNames().stream().sorted().forEach(name -> out.append('"').append(name).append("\":")
                    .append(canonical(object.getValue(name))).append(','));
            return out.append('}').toString();
        }
        if (value instanceof io.vertx.core.json.JsonArray array) {
            StringBuilder out = new StringBuilder("[");
            array.forEach(item -> out.append(canonical(item)).append(','));
            return out.append(']').toString();
        }
        return value == null ? "null" : io.vertx.core.json.Json.encode(value);
    }
}
