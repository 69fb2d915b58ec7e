package io.marketplace.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Refresh tokens, stored only as SHA-256 digests. Tokens of one login form a family: each refresh marks the
 * presented token used (a conditional update, so one concurrent refresh wins) and issues the next one in the family.
 */
public class RefreshTokenRepository {

    static final String COLLECTION = "refresh_tokens";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoClient mongo;

    public RefreshTokenRepository(MongoClient mongo) {
        this.mongo = mongo;
    }

    public Future<Void> createIndexes() {
        return mongo.createIndex(COLLECTION, new JsonObject().put("family_id", 1));
    }

    /** Creates a new token in the family and returns its clear text (shown once, to the client). */
    public Future<String> issue(String userId, String familyId, Instant expiresAt) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        JsonObject doc = new JsonObject()
                .put("_id", digest(token))
                .put("user_id", userId)
                .put("family_id", familyId)
                .put("expires_at", expiresAt.toEpochMilli())
                .put("used", false)
                .put("revoked", false)
                .put("created_at", Instant.now().toString());
        return mongo.insert(COLLECTION, doc).map(token);
    }

    /**
     * Marks the token used if it is still fresh, returning the stored document as it was; null when it was already
     * used, revoked or unknown.
     */
    public Future<JsonObject> claim(String token) {
        JsonObject query = new JsonObject().put("_id", digest(token)).put("used", false).put("revoked", false);
        JsonObject update = new JsonObject().put("$set", new JsonObject()
                .put("used", true).put("used_at", Instant.now().toString()));
        return mongo.findOneAndUpdateWithOptions(COLLECTION, query, update, new FindOptions(),
                new UpdateOptions().setReturningNewDocument(false));
    }

    public Future<JsonObject> find(String token) {
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", digest(token)), null);
    }

    public Future<Void> revokeFamily(String familyId) {
        if (familyId == null) {
            return Future.succeededFuture();
        }
        return mongo.updateCollectionWithOptions(COLLECTION, new JsonObject().put("family_id", familyId),
                new JsonObject().put("$set", new JsonObject().put("revoked", true)),
                new UpdateOptions().setMulti(true)).mapEmpty();
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
