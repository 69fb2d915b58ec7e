package io.marketplace.common.auth;

import io.marketplace.common.bus.Services;
import io.marketplace.common.events.DomainEvent;
import io.marketplace.common.events.EventPublisher;
import io.marketplace.common.events.Events;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Access tokens revoked before their expiry (logout). The database holds the record, so a revocation survives any
 * restart: {@code revoked_tokens} documents {@code {_id: token id, expires_at, revoked_at}}, removed once the token
 * would have expired anyway (a TTL index on a real MongoDB, {@link #purgeExpired()} on the embedded server). Each
 * node keeps the unexpired ones in a node-local set, so the gateway's per-request check is a local lookup: loaded
 * at start, fed by the event every logout publishes on {@code marketplace.events.auth}, and reconciled with the
 * database every few seconds in case an event was lost on the best-effort bus.
 *
 * <p>Invariant: a revocation is in the database before the logout is answered, and on the answering node's local set
 * before the answer too; other nodes hold it within one bus delivery, at worst within {@link #RECONCILE_MS}.
 */
public final class RevokedTokens {

    public static final String COLLECTION = "revoked_tokens";
    private static final String EVENTS_ADDRESS = Events.address(Services.AUTH);
    static final long RECONCILE_MS = 5_000;
    /** Reconciling re-reads revocations this far back, so one committed just before the last pass is never missed. */
    private static final long RECONCILE_OVERLAP_MS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(RevokedTokens.class);
    private static final String LOCAL_SET = "marketplace.revoked-tokens";

    private final Vertx vertx;
    private final MongoClient mongo;
    private final EventPublisher events;
    /** Token id → the token's expiry (epoch seconds); shared by every verticle of this node. */
    private final LocalMap<String, Long> revoked;

    public RevokedTokens(Vertx vertx, MongoClient mongo) {
        this.vertx = vertx;
        this.mongo = mongo;
        this.events = new EventPublisher(vertx, Services.AUTH);
        this.revoked = vertx.sharedData().getLocalMap(LOCAL_SET);
    }

    /** The TTL index that lets a real MongoDB drop each revocation when its token expires. */
    public Future<Void> createIndexes() {
        return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("expires_at", 1),
                        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS))
                .compose(ignored -> mongo.createIndex(COLLECTION, new JsonObject().put("revoked_at", 1)));
    }

    /** Records the revocation durably, then tells every node; idempotent per token id. */
    public Future<Void> revoke(String tokenId, long expiresAtEpochSeconds) {
        Instant now = Instant.now();
        JsonObject record = new JsonObject()
                .put("_id", tokenId)
                .put("expires_at", date(Instant.ofEpochSecond(expiresAtEpochSeconds)))
                .put("revoked_at", date(now));
        return mongo.save(COLLECTION, record).map(ignored -> {
            revoked.put(tokenId, expiresAtEpochSeconds);
            events.publish(DomainEvent.of(Events.Auth.TOKEN_REVOKED, 1,
                    new JsonObject().put("token_id", tokenId).put("expires_at", expiresAtEpochSeconds)));
            return null;
        });
    }

    /** The per-request check: a lookup in this node's set, no database or cluster round trip. */
    public boolean isRevoked(String tokenId) {
        return tokenId != null && revoked.containsKey(tokenId);
    }

    /**
     * Keeps this node's set in step: listens for revocation events, loads every unexpired revocation, then reconciles
     * on a timer. Fails only if the first load fails, so a gateway never starts without the revocations it must honour.
     */
    public Future<Void> follow() {
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(EVENTS_ADDRESS, message -> {
            JsonObject event = message.body();
            if (event != null && Events.Auth.TOKEN_REVOKED.equals(event.getString("type"))) {
                JsonObject data = event.getJsonObject("data", new JsonObject());
                String tokenId = data.getString("token_id");
                Long expiresAt = data.getLong("expires_at");
                if (tokenId != null && expiresAt != null) {
                    revoked.put(tokenId, expiresAt);
                }
            }
        });
        return consumer.completion()
                .compose(ignored -> load(new JsonObject().put("expires_at",
                        new JsonObject().put("$gt", date(Instant.now())))))
                .onSuccess(count -> LOG.info("Loaded {} unexpired token revocation(s)", count))
                .onSuccess(ignored -> vertx.setPeriodic(RECONCILE_MS, RECONCILE_MS, id -> reconcile()))
                .mapEmpty();
    }

    /** Deletes revocations whose tokens have expired: the embedded server has no TTL index to do it. */
    public Future<Long> purgeExpired() {
        return mongo.removeDocuments(COLLECTION, new JsonObject().put("expires_at",
                        new JsonObject().put("$lte", date(Instant.now()))))
                .map(result -> result == null ? 0L : result.getRemovedCount());
    }

    private void reconcile() {
        long nowSeconds = Instant.now().getEpochSecond();
        for (String tokenId : revoked.keySet()) {
            Long expiresAt = revoked.get(tokenId);
            if (expiresAt != null && expiresAt < nowSeconds) {
                revoked.removeIfPresent(tokenId, expiresAt);
            }
        }
        Instant since = Instant.now().minusMillis(RECONCILE_MS + RECONCILE_OVERLAP_MS);
        load(new JsonObject().put("revoked_at", new JsonObject().put("$gte", date(since))))
                .onFailure(failure -> LOG.warn("Revocation reconcile failed, retrying in {} ms: {}", RECONCILE_MS,
                        failure.getMessage()));
    }

    private Future<Integer> load(JsonObject query) {
        return mongo.findWithOptions(COLLECTION, query, new FindOptions().setFields(
                        new JsonObject().put("expires_at", 1)))
                .map(records -> {
                    for (JsonObject record : records) {
                        revoked.put(record.getString("_id"), epochSeconds(record.getValue("expires_at")));
                    }
                    return records.size();
                });
    }

    private static JsonObject date(Instant instant) {
        return new JsonObject().put("$date", instant.toString());
    }

    private static long epochSeconds(Object mongoDate) {
        Object value = mongoDate instanceof JsonObject json ? json.getValue("$date") : mongoDate;
        if (value instanceof Number number) {
            return number.longValue() / 1000;
        }
        return Instant.parse(String.valueOf(value)).getEpochSecond();
    }
}
