package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;

import java.util.Set;

/**
 * Why a request is not authenticated, as a distinct 401 code, so a client decides by machine whether to refresh
 * (expired), log in again (invalid, revoked) or send a token at all (missing).
 */
enum TokenProblem {
    MISSING("token_missing", "A bearer token is required"),
    INVALID("token_invalid", "The bearer token is malformed, not signed by us or lacks required claims"),
    EXPIRED("token_expired", "The bearer token has expired"),
    REVOKED("token_revoked", "The bearer token was revoked by a logout");

    /** Codes of a token that was sent and refused: RFC 6750's {@code error="invalid_token"}. */
    static final Set<String> INVALID_TOKEN_CODES = Set.of(INVALID.code, EXPIRED.code, REVOKED.code);

    private final String code;
    private final String message;

    TokenProblem(String code, String message) {
        this.code = code;
        this.message = message;
    }

    String code() {
        return code;
    }

    ServiceException toException() {
        return new ServiceException(401, code, message);
    }
}
