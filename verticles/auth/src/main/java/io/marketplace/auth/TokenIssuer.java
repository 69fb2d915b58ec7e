package io.marketplace.auth;

import io.marketplace.common.auth.Jwt;
import io.marketplace.common.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Issues the access + refresh pair a login or a refresh answers with. */
public class TokenIssuer {

    private final JWTAuth jwt;
    private final AppConfig config;
    private final RefreshTokenRepository refreshTokens;

    public TokenIssuer(JWTAuth jwt, AppConfig config, RefreshTokenRepository refreshTokens) {
        this.jwt = jwt;
        this.config = config;
        this.refreshTokens = refreshTokens;
    }

    /** A pair for a new session (login): a fresh refresh-token family. */
    public Future<JsonObject> newSession(User user) {
        return pair(user, UUID.randomUUID().toString());
    }

    /** The next pair of an existing session (refresh). */
    public Future<JsonObject> pair(User user, String familyId) {
        String accessToken = jwt.generateToken(new JsonObject()
                .put("sub", user.id())
                .put(Jwt.CLAIM_EMAIL, user.email())
                .put(Jwt.CLAIM_ROLES, new JsonArray().add(user.role()))
                .put("jti", UUID.randomUUID().toString())
                .put(Jwt.CLAIM_SESSION, familyId), Jwt.signing(config));
        Instant refreshExpiry = Instant.now().plus(Duration.ofDays(config.refreshTtlDays()));
        return refreshTokens.issue(user.id(), familyId, refreshExpiry).map(refreshToken -> new JsonObject()
                .put("access_token", accessToken)
                .put("token_type", "bearer")
                .put("expires_in", config.tokenTtlMinutes() * 60)
                .put("refresh_token", refreshToken)
                .put("refresh_expires_in", Duration.ofDays(config.refreshTtlDays()).toSeconds()));
    }
}
