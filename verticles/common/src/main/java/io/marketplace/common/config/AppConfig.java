package io.marketplace.common.config;

import io.marketplace.common.mongo.WriteConcernSetting;
import io.vertx.core.json.JsonObject;

import static io.marketplace.common.config.ConfigKeys.*;

/**
 * The typed configuration every verticle reads. It travels to verticles as their deployment config
 * ({@link #toJson()}), so a verticle calls {@code AppConfig.fromJson(config())} and never looks up strings itself.
 */
public record AppConfig(JsonObject values) {

    public static final String API_COMPAT_NONE = "none";
    public static final String API_COMPAT_SEED = "seed";

    public static AppConfig fromJson(JsonObject json) {
        return new AppConfig(json.copy());
    }

    public JsonObject toJson() {
        return values.copy();
    }

    /** A copy with one key changed, for tests and for flags resolved at start-up. */
    public AppConfig with(String key, Object value) {
        return new AppConfig(values.copy().put(key, value));
    }

    public int httpPort() {
        return intValue(HTTP_PORT);
    }

    /** The real MongoDB connection string, or null when the embedded server is used. */
    public String mongoUrl() {
        return string(MONGO_URL);
    }

    public String mongoDatabase() {
        return string(MONGO_DATABASE);
    }

    /** What a real MongoDB must have done before acknowledging a write ({@code MONGO_WRITE_CONCERN}). */
    public WriteConcernSetting mongoWriteConcern() {
        return WriteConcernSetting.parse(string(MONGO_WRITE_CONCERN));
    }

    public String dataDir() {
        return string(DATA_DIR);
    }

    public int embeddedMongoPort() {
        return intValue(EMBEDDED_MONGO_PORT);
    }

    /** The connection string every service uses: the configured MongoDB or the embedded server on loopback. */
    public String effectiveMongoUrl() {
        String url = mongoUrl();
        return url != null ? url : "mongodb://127.0.0.1:" + embeddedMongoPort();
    }

    public String jwtSecret() {
        return string(JWT_SECRET);
    }

    public String jwtIssuer() {
        return string(JWT_ISSUER);
    }

    public int tokenTtlMinutes() {
        return intValue(TOKEN_TTL_MINUTES);
    }

    public int refreshTtlDays() {
        return intValue(REFRESH_TTL_DAYS);
    }

    public int bcryptCost() {
        return intValue(BCRYPT_COST);
    }

    public int rateLimitPerMinute() {
        return intValue(RATE_LIMIT_PER_MINUTE);
    }

    public String trustedProxies() {
        return string(TRUSTED_PROXIES);
    }

    public String corsOrigins() {
        return string(CORS_ORIGINS);
    }

    public double paymentSuccessRate() {
        return Double.parseDouble(string(PAYMENT_SUCCESS_RATE));
    }

    /** The simulator's seed, or null for a random one. */
    public Long paymentSeed() {
        String seed = string(PAYMENT_SEED);
        return seed == null ? null : Long.parseLong(seed);
    }

    public double orderExpiryMinutes() {
        return Double.parseDouble(string(ORDER_EXPIRY_MINUTES));
    }

    public int reservationRecoverySeconds() {
        return intValue(RESERVATION_RECOVERY_SECONDS);
    }

    public long busTimeoutMs() {
        return Long.parseLong(string(BUS_TIMEOUT_MS));
    }

    /** How long a client may take to send a request's head (on a new connection) and then its body. */
    public long httpReadTimeoutMs() {
        return Long.parseLong(string(HTTP_READ_TIMEOUT_MS));
    }

    /** Silence after which the gateway closes a connection; also the wait for the next request on a kept-alive one. */
    public int httpIdleTimeoutSeconds() {
        return intValue(HTTP_IDLE_TIMEOUT_SECONDS);
    }

    /** The Hazelcast cluster name, or null to derive it from the database identity. */
    public String clusterName() {
        return string(CLUSTER_NAME);
    }

    /**
     * How many nodes the deployment runs: a node that sees no more than half of them is outside the main cluster.
     * 0 when not said.
     */
    public int clusterMembers() {
        String text = string(CLUSTER_MEMBERS);
        return text == null ? 0 : Integer.parseInt(text.strip());
    }

    public String adminEmail() {
        return string(ADMIN_EMAIL);
    }

    public String adminPassword() {
        return string(ADMIN_PASSWORD);
    }

    /** The most products the catalog read model holds, or null for {@code auto} (sized from the heap). */
    public Integer catalogMemoryLimit() {
        String text = string(CATALOG_MEMORY_LIMIT);
        if (text == null || "auto".equalsIgnoreCase(text.strip())) {
            return null;
        }
        return Integer.parseInt(text.strip());
    }

    /** How often a products node compares its read model with the database to catch up on missed events. */
    public long catalogSyncMs() {
        String text = string(CATALOG_SYNC_MS);
        return text == null ? 2000 : Long.parseLong(text.strip());
    }

    /** The gateway's outward format: {@code none} (plain) or {@code seed}; lower case, {@code none} when unset. */
    public String apiCompat() {
        String mode = string(API_COMPAT);
        return mode == null ? API_COMPAT_NONE : mode.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** The TCP event-bus bridge's port, or null when the bridge stays closed (the default). */
    public Integer bridgePort() {
        String text = string(BRIDGE_PORT);
        return text == null ? null : Integer.valueOf(text.strip());
    }

    /** The address the bridge binds: {@code 127.0.0.1} unless set. */
    public String bridgeHost() {
        String host = string(BRIDGE_HOST);
        return host == null ? "127.0.0.1" : host.strip();
    }

    /** The shared secret bridge clients send, or null when none is configured (allowed on loopback only). */
    public String bridgeToken() {
        return string(BRIDGE_TOKEN);
    }

    /** Any value as a string (numbers included), or null when absent or blank. */
    public String string(String key) {
        Object value = values.getValue(key);
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

    public int intValue(String key) {
        String text = string(key);
        if (text == null) {
            throw new IllegalStateException("Missing configuration value " + key.toUpperCase());
        }
        return Integer.parseInt(text.strip());
    }
}
