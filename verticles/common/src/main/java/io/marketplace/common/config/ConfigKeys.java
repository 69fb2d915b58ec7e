package io.marketplace.common.config;

/**
 * Every configuration key, in one place. The JSON key in {@code conf/application.json} is the lower-case form; the
 * environment variable that overrides it is the upper-case form ({@code http_port} ↔ {@code HTTP_PORT}).
 */
public final class ConfigKeys {

    public static final String HTTP_PORT = "http_port";
    public static final String MONGO_URL = "mongo_url";
    public static final String MONGO_DATABASE = "mongo_database";
    public static final String MONGO_WRITE_CONCERN = "mongo_write_concern";
    public static final String DATA_DIR = "data_dir";
    public static final String EMBEDDED_MONGO_PORT = "embedded_mongo_port";
    public static final String JWT_SECRET = "jwt_secret";
    public static final String JWT_ISSUER = "jwt_issuer";
    public static final String TOKEN_TTL_MINUTES = "token_ttl_minutes";
    public static final String REFRESH_TTL_DAYS = "refresh_ttl_days";
    public static final String BCRYPT_COST = "bcrypt_cost";
    public static final String RATE_LIMIT_PER_MINUTE = "rate_limit_per_minute";
    public static final String TRUSTED_PROXIES = "trusted_proxies";
    public static final String CORS_ORIGINS = "cors_origins";
    public static final String PAYMENT_SUCCESS_RATE = "payment_success_rate";
    public static final String PAYMENT_SEED = "payment_seed";
    public static final String ORDER_EXPIRY_MINUTES = "order_expiry_minutes";
    public static final String RESERVATION_RECOVERY_SECONDS = "reservation_recovery_seconds";
    public static final String BUS_TIMEOUT_MS = "bus_timeout_ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http_read_timeout_ms";
    public static final String HTTP_IDLE_TIMEOUT_SECONDS = "http_idle_timeout_seconds";
    public static final String CLUSTER_NAME = "cluster_name";
    /** How many nodes the deployment runs; 0 (unset) leaves the split-brain side to the membership heuristic. */
    public static final String CLUSTER_MEMBERS = "cluster_members";
    public static final String ADMIN_EMAIL = "admin_email";
    public static final String ADMIN_PASSWORD = "admin_password";
    public static final String CATALOG_MEMORY_LIMIT = "catalog_memory_limit";
    public static final String CATALOG_SYNC_MS = "catalog_sync_ms";
    /** {@code none} (the plain API) or {@code seed} (the FastAPI seed system's response format, at the gateway). */
    public static final String API_COMPAT = "api_compat";
    /** Port of the TCP event-bus bridge for services in other languages; unset (null) keeps it closed. */
    public static final String BRIDGE_PORT = "bridge_port";
    /** Address the bridge binds; loopback unless set. */
    public static final String BRIDGE_HOST = "bridge_host";
    /** Shared secret every bridge frame carries in {@code headers.token}; required beyond loopback. */
    public static final String BRIDGE_TOKEN = "bridge_token";

    private ConfigKeys() {
    }
}
