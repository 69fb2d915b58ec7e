package io.marketplace.common.bus;

/** Names of the event-bus headers every service understands. */
public final class Headers {

    public static final String ACTION = "action";
    public static final String USER_ID = "user-id";
    public static final String EMAIL = "email";
    public static final String ROLES = "roles";
    public static final String REQUEST_ID = "request-id";
    public static final String TOKEN_ID = "token-id";
    public static final String TOKEN_EXPIRES_AT = "token-exp";
    public static final String SESSION_ID = "session-id";
    public static final String IDEMPOTENCY_KEY = "idempotency-key";

    private Headers() {
    }
}
