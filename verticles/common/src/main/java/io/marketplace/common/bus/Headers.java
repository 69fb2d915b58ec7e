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
    /** Set to {@link #TEXT} by a caller that takes the reply as JSON text ({@link JsonText}) where the action can. */
    public static final String REPLY_AS = "reply-as";
    public static final String TEXT = "text";
    /** The entity tag of a reply sent as JSON text. */
    public static final String ENTITY_TAG = "entity-tag";
    /** The last modification, as an HTTP date, of a resource sent as JSON text. */
    public static final String LAST_MODIFIED = "last-modified";

    private Headers() {
    }
}
