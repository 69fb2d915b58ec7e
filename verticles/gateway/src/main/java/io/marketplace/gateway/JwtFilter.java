package io.marketplace.gateway;

import io.marketplace.common.auth.Jwt;
import io.marketplace.common.auth.RevokedTokens;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;

import java.util.HashSet;
import java.util.Set;

/**
 * Verifies the bearer token (HS256 only, issuer and expiry enforced, not revoked) and stores the {@link Caller} on the
 * routing context. Public routes accept anonymous callers; secured routes answer 401.
 */
public final class JwtFilter {

    private static final String CALLER = "caller";
    private static final String BEARER = "bearer ";

    private final JWTAuth jwt;
    private final RevokedTokens revokedTokens;

    public JwtFilter(JWTAuth jwt, RevokedTokens revokedTokens) {
        this.jwt = jwt;
        this.revokedTokens = revokedTokens;
    }

    public void handle(RoutingContext ctx, ApiRoute.Access access) {
        String requestId = RequestIds.get(ctx);
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            if (access == ApiRoute.Access.AUTHENTICATED) {
                ctx.fail(ServiceException.unauthorized("Missing bearer token"));
                return;
            }
            ctx.put(CALLER, Caller.anonymous(requestId));
            ctx.next();
            return;
        }
        authenticate(header.substring(BEARER.length()).trim(), requestId).onComplete(result -> {
            if (result.succeeded()) {
                ctx.put(CALLER, result.result());
                ctx.next();
            } else if (access == ApiRoute.Access.AUTHENTICATED) {
                ctx.fail(ServiceException.unauthorized("Invalid or expired token"));
            } else {
                ctx.put(CALLER, Caller.anonymous(requestId));
                ctx.next();
            }
        });
    }

    /** The caller stored by {@link #handle}; anonymous if the filter did not run. */
    public static Caller caller(RoutingContext ctx) {
        Caller caller = ctx.get(CALLER);
        return caller != null ? caller : Caller.anonymous(RequestIds.get(ctx));
    }

    Future<Caller> authenticate(String token, String requestId) {
        return jwt.authenticate(new TokenCredentials(token))
                .map(user -> toCaller(claimsOf(user), requestId))
                .compose(caller -> revokedTokens.isRevoked(caller.tokenId())
                        .compose(revoked -> revoked
                                ? Future.failedFuture(ServiceException.unauthorized("Token revoked"))
                                : Future.succeededFuture(caller)));
    }

    /** The verified payload: vertx-auth-jwt keeps it under the {@code accessToken} attribute. */
    private static JsonObject claimsOf(User user) {
        JsonObject payload = user.attributes().getJsonObject("accessToken");
        return payload != null ? payload : user.principal();
    }

    private static Caller toCaller(JsonObject claims, String requestId) {
        String subject = claims.getString("sub");
        if (subject == null || claims.getString("jti") == null || claims.getLong("exp") == null) {
            throw ServiceException.unauthorized("Token lacks subject, id or expiry");
        }
        Set<String> roles = new HashSet<>();
        JsonArray claimed = claims.getJsonArray(Jwt.CLAIM_ROLES, new JsonArray());
        claimed.forEach(role -> roles.add(String.valueOf(role)));
        return new Caller(subject, claims.getString(Jwt.CLAIM_EMAIL), roles, requestId, claims.getString("jti"),
                claims.getLong("exp"), claims.getString(Jwt.CLAIM_SESSION), null);
    }
}
