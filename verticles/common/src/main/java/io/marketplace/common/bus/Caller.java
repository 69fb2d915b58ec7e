package io.marketplace.common.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is asking, and the request context that travels with them: the gateway fills it from the verified token and
 * the HTTP request, the bus carries it as headers, and services trust it.
 */
public record Caller(
        String userId,
        String email,
        Set<String> roles,
        String requestId,
        String tokenId,
        long tokenExpiresAt,
        String sessionId,
        String idempotencyKey) {

    public static final String ROLE_USER = "user";
    public static final String ROLE_VENDOR = "vendor";
    public static final String ROLE_ADMIN = "admin";

    public Caller {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public static Caller anonymous(String requestId) {
        return new Caller(null, null, Set.of(), requestId, null, 0, null, null);
    }

    /** A service acting on its own behalf (recovery passes, internal calls). */
    public static Caller system(String requestId) {
        return new Caller("system", null, Set.of(ROLE_ADMIN), requestId, null, 0, null, null);
    }

    public boolean isAuthenticated() {
        return userId != null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole(ROLE_ADMIN);
    }

    /** The caller's user id, or a 401 when the request carries no authenticated user. */
    public String requireUserId() {
        if (userId == null) {
            throw ServiceException.unauthorized("Authentication required");
        }
        return userId;
    }

    /** Fails with 403 unless the caller holds one of the roles. */
    public Caller requireAnyRole(String... allowed) {
        requireUserId();
        if (Arrays.stream(allowed).noneMatch(roles::contains)) {
            throw ServiceException.forbidden("This action requires one of the roles: " + String.join(", ", allowed));
        }
        return this;
    }

    public Caller withIdempotencyKey(String key) {
        return new Caller(userId, email, roles, requestId, tokenId, tokenExpiresAt, sessionId, key);
    }

    public static Caller fromHeaders(MultiMap headers) {
        String roles = headers.get(Headers.ROLES);
        String expires = headers.get(Headers.TOKEN_EXPIRES_AT);
        return new Caller(
                headers.get(Headers.USER_ID),
                headers.get(Headers.EMAIL),
                roles == null || roles.isBlank()
                        ? Set.of()
                        : Arrays.stream(roles.split(",")).map(String::trim).collect(Collectors.toSet()),
                headers.get(Headers.REQUEST_ID),
                headers.get(Headers.TOKEN_ID),
                expires == null ? 0 : Long.parseLong(expires),
                headers.get(Headers.SESSION_ID),
                headers.get(Headers.IDEMPOTENCY_KEY));
    }

    /** Writes this caller into the headers of an outgoing bus message. */
    public DeliveryOptions writeTo(DeliveryOptions options) {
        put(options, Headers.USER_ID, userId);
        put(options, Headers.EMAIL, email);
        if (!roles.isEmpty()) {
            options.addHeader(Headers.ROLES, String.join(",", roles));
        }
        put(options, Headers.REQUEST_ID, requestId);
        put(options, Headers.TOKEN_ID, tokenId);
        if (tokenExpiresAt > 0) {
            options.addHeader(Headers.TOKEN_EXPIRES_AT, Long.toString(tokenExpiresAt));
        }
        put(options, Headers.SESSION_ID, sessionId);
        put(options, Headers.IDEMPOTENCY_KEY, idempotencyKey);
        return options;
    }

    private static void put(DeliveryOptions options, String name, String value) {
        if (value != null) {
            options.addHeader(name, value);
        }
    }
}
