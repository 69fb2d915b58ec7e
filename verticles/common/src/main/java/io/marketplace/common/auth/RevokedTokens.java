package io.marketplace.common.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * The cluster-wide denylist of access tokens revoked before their expiry (logout). Entries expire with the token,
 * so the map holds only tokens that would otherwise still be valid; the gateway checks it without a database read.
 */
public final class RevokedTokens {

    public static final String MAP_NAME = "marketplace.revoked-tokens";

    private final Vertx vertx;

    public RevokedTokens(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<Void> revoke(String tokenId, long expiresAtEpochSeconds) {
        long ttlMs = Math.max(1000, expiresAtEpochSeconds * 1000 - System.currentTimeMillis() + 5000);
        return map().compose(map -> map.put(tokenId, Boolean.TRUE, ttlMs));
    }

    public Future<Boolean> isRevoked(String tokenId) {
        if (tokenId == null) {
            return Future.succeededFuture(false);
        }
        return map().compose(map -> map.get(tokenId)).map(value -> value != null);
    }

    private Future<AsyncMap<String, Boolean>> map() {
        return vertx.sharedData().getAsyncMap(MAP_NAME);
    }
}
