package io.marketplace.common.auth;

import io.marketplace.common.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;

import java.util.List;

/**
 * The one JWT setup shared by the issuer (auth) and the verifier (gateway): HS256 only, issuer checked, expiry
 * enforced. Pinning the algorithm list is what makes {@code alg: none} and algorithm-confusion tokens fail.
 */
public final class Jwt {

    public static final String ALGORITHM = "HS256";
    public static final String CLAIM_EMAIL = "email";
    public static final String CLAIM_ROLES = "roles";
    public static final String CLAIM_SESSION = "sid";

    private Jwt() {
    }

    public static JWTAuth provider(Vertx vertx, AppConfig config) {
        if (config.jwtSecret() == null) {
            throw new IllegalStateException("JWT_SECRET is not configured");
        }
        JWTAuthOptions options = new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(config.jwtSecret()))
                .setJWTOptions(new JWTOptions()
                        .setAlgorithm(ALGORITHM)
                        .setIssuer(config.jwtIssuer())
                        .setLeeway(5));
        return JWTAuth.create(vertx, options);
    }

    /** Options for signing an access token that expires after the configured time. */
    public static JWTOptions signing(AppConfig config) {
        return new JWTOptions()
                .setAlgorithm(ALGORITHM)
                .setIssuer(config.jwtIssuer())
                .setExpiresInMinutes(config.tokenTtlMinutes());
    }

    public static List<String> algorithms() {
        return List.of(ALGORITHM);
    }
}
