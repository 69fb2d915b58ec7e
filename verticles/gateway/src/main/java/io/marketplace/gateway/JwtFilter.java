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
 * Verifies the bearer token once per request (HS256 only, issuer and expiry enforced, not revoked) and stores the
 * {@link Caller} on the routing context, anonymous when there is no valid token. Secured routes then
 * {@link #require} an authenticated caller, refusing with the {@link TokenProblem} that applies.
 */
public final class JwtFilter {

    private static final String CALLER = "caller";
    private static final String TOKEN_PROBLEM = "token-problem";
    private static final String BEARER = "bearer ";

    private final JWTAuth jwt;
    private final RevokedTokens revokedTokens;
    private final VerifiedTokens verified = new VerifiedTokens(() -> System.currentTimeMillis() / 1000);

    public JwtFilter(JWTAuth jwt, RevokedTokens revokedTokens) {
        this.jwt = jwt;
        this.revokedTokens = revokedTokens;
    }

    /** Router-level: identifies the caller if a token is presented; never fails the request itself. */
    public void authenticate(RoutingContext ctx) {
        String requestId = RequestIds.get(ctx);
        String header = ctx.request().getHeader(HeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            ctx.put(CALLER, Caller.anonymous(requestId));
            ctx.next();
            return;
        }
        verify(header.substring(BEARER.length()).trim(), requestId).onComplete(result -> {
            if (result.succeeded()) {
                ctx.put(CALLER, result.result());
            } else {
                ctx.put(CALLER, Caller.anonymous(requestId));
                ServiceException problem = ServiceException.from(result.cause());
                ctx.put(TOKEN_PROBLEM, problem.status() == 401 ? problem : TokenProblem.INVALID.toException());
            }
            ctx.next();
        });
    }

    /** Route-level: secured routes need an authenticated caller; public ones accept anyone. */
    public static void require(RoutingContext ctx, ApiRoute.Access access) {
        if (access == ApiRoute.Access.AUTHENTICATED && !caller(ctx).isAuthenticated()) {
            ServiceException problem = ctx.get(TOKEN_PROBLEM);
            ctx.fail(problem != null ? problem : TokenProblem.MISSING.toException());
            return;
        }
        ctx.next();
    }

    /** The caller stored by {@link #authenticate}; anonymous if it did not run. */
    public static Caller caller(RoutingContext ctx) {
        Caller caller = ctx.get(CALLER);
        return caller != null ? caller : Caller.anonymous(RequestIds.get(ctx));
    }

    /** The caller a token stands for, or a 401 {@link ServiceException} naming the {@link TokenProblem}. */
    public Future<Caller> verify(String token, String requestId) {
        Caller known = verified.find(token, requestId);
        Future<Caller> identified = known != null ? Future.succeededFuture(known) : authenticate(token)
                .recover(failure -> Future.failedFuture(isExpiry(failure)
                        ? TokenProblem.EXPIRED.toException() : TokenProblem.INVALID.toException()))
                .map(user -> toCaller(claimsOf(user), requestId))
                .onSuccess(caller -> verified.remember(token, caller));
        return identified
                .compose(caller -> revokedTokens.isRevoked(caller.tokenId())
                        ? Future.failedFuture(TokenProblem.REVOKED.toException())
                        : Future.succeededFuture(caller));
    }

    /** Whether a token verified earlier still holds: not expired since, not revoked since (a logout on any node). */
    public boolean stillValid(Caller caller) {
        return caller.tokenExpiresAt() > System.currentTimeMillis() / 1000
                && !revokedTokens.isRevoked(caller.tokenId());
    }

    /** vertx-auth-jwt checks the signature before the expiry, so "expired" is only said of our own tokens. */
    private static boolean isExpiry(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().toLowerCase().contains("expired");
    }

    /**
     * The JWT library reads claims with typed getters, so a correctly signed token whose {@code exp} is text throws
     * instead of failing the future; every such surprise is a refused token (401), never a 500.
     */
    private Future<User> authenticate(String token) {
        try {
            return jwt.authenticate(new TokenCredentials(token));
        } catch (RuntimeException e) {
            return Future.failedFuture(TokenProblem.INVALID.toException());
        }
    }

    /** The verified payload: vertx-auth-jwt keeps it under the {@code accessToken} attribute. */
    private static JsonObject claimsOf(User user) {
        JsonObject payload = user.attributes().getJsonObject("accessToken");
        return payload != null ? payload : user.principal();
    }

    /** Claims of the wrong type are a refused token, whoever signed it: text where text belongs, a whole exp. */
    private static Caller toCaller(JsonObject claims, String requestId) {
        String subject = text(claims, "sub");
        String tokenId = text(claims, "jti");
        text(claims, "iss");
        if (subject == null || tokenId == null || !(claims.getValue("exp") instanceof Number expiry)
                || !(claims.getValue("exp") instanceof Integer || claims.getValue("exp") instanceof Long)) {
            throw TokenProblem.INVALID.toException();
        }
        Object claimed = claims.getValue(Jwt.CLAIM_ROLES, new JsonArray());
        if (!(claimed instanceof JsonArray roleList) || !roleList.stream().allMatch(String.class::isInstance)) {
            throw TokenProblem.INVALID.toException();
        }
        Set<String> roles = new HashSet<>();
        roleList.forEach(role -> roles.add((String) role));
        return new Caller(subject, text(claims, Jwt.CLAIM_EMAIL), roles, requestId, tokenId,
                expiry.longValue(), text(claims, Jwt.CLAIM_SESSION), null);
    }

    private static String text(JsonObject claims, String name) {
        Object value = claims.getValue(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw TokenProblem.INVALID.toException();
    }
}
