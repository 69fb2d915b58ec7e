package io.marketplace.common.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the configuration in three layers: {@code conf/application.json} (the working directory's copy, else the
 * one bundled on the classpath), then environment variables named like the keys in upper case, then CLI overrides.
 */
public final class ConfigLoader {

    public static final String DEFAULTS_RESOURCE = "conf/application.json";
    static final int MIN_BRIDGE_TOKEN_CHARS = 16;

    private ConfigLoader() {
    }

    public static AppConfig load(Map<String, String> env, Map<String, Object> cliOverrides) {
        JsonObject values = defaults();
        for (String key : values.fieldNames().toArray(String[]::new)) {
            String fromEnv = env.get(key.toUpperCase());
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(key, typed(values.getValue(key), fromEnv.strip()));
            }
        }
        cliOverrides.forEach((key, value) -> {
            if (value != null) {
                values.put(key, value);
            }
        });
        validate(values);
        return new AppConfig(values);
    }

    /** The defaults alone, as shipped in {@code conf/application.json}. */
    public static JsonObject defaults() {
        Path local = Path.of(DEFAULTS_RESOURCE);
        try {
            if (Files.isRegularFile(local)) {
                return new JsonObject(Files.readString(local, StandardCharsets.UTF_8));
            }
            try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
                }
                return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS_RESOURCE, e);
        }
    }

    private static Object typed(Object defaultValue, String text) {
        try {
            if (defaultValue instanceof Integer || defaultValue instanceof Long) {
                return Long.parseLong(text);
            }
            if (defaultValue instanceof Number) {
                return new BigDecimal(text);
            }
            if (defaultValue instanceof Boolean) {
                return Boolean.parseBoolean(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Configuration value '" + text + "' is not a number", e);
        }
        return text;
    }

    private static void validate(JsonObject values) {
        AppConfig config = new AppConfig(values);
        range(config.httpPort(), 0, 65535, ConfigKeys.HTTP_PORT);
        range(config.embeddedMongoPort(), 0, 65535, ConfigKeys.EMBEDDED_MONGO_PORT);
        double rate = config.paymentSuccessRate();
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("PAYMENT_SUCCESS_RATE must be between 0 and 1, got " + rate);
        }
        String secret = config.jwtSecret();
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("JWT_SECRET must be at least 32 bytes");
        }
        range(config.rateLimitPerMinute(), 1, Integer.MAX_VALUE, ConfigKeys.RATE_LIMIT_PER_MINUTE);
        range(config.bcryptCost(), 10, 31, ConfigKeys.BCRYPT_COST);
        range(config.clusterMembers(), 0, 1000, ConfigKeys.CLUSTER_MEMBERS);
        Integer catalogLimit;
        try {
            catalogLimit = config.catalogMemoryLimit();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CATALOG_MEMORY_LIMIT must be a number of products or auto, got "
                    + config.string(ConfigKeys.CATALOG_MEMORY_LIMIT), e);
        }
        if (catalogLimit != null) {
            range(catalogLimit, 0, Integer.MAX_VALUE, ConfigKeys.CATALOG_MEMORY_LIMIT);
        }
        long syncMs = config.catalogSyncMs();
        if (syncMs < 100 || syncMs > 3_600_000) {
            throw new IllegalArgumentException("CATALOG_SYNC_MS must be between 100 and 3600000, got " + syncMs);
        }
        String compat = config.apiCompat();
        if (!AppConfig.API_COMPAT_NONE.equals(compat) && !AppConfig.API_COMPAT_SEED.equals(compat)) {
            throw new IllegalArgumentException("API_COMPAT must be 'none' or 'seed', got '" + compat + "'");
        }
        config.mongoWriteConcern();
        validateBridge(config);
    }

    /**
     * A bridge reachable from other machines opens the bus to them, so it needs a shared secret; one on loopback
     * may run without (only processes of this machine reach it).
     */
    private static void validateBridge(AppConfig config) {
        Integer port;
        try {
            port = config.bridgePort();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BRIDGE_PORT must be a port number, got "
                    + config.string(ConfigKeys.BRIDGE_PORT), e);
        }
        String token = config.bridgeToken();
        if (token != null && token.length() < MIN_BRIDGE_TOKEN_CHARS) {
            throw new IllegalArgumentException("BRIDGE_TOKEN must be at least " + MIN_BRIDGE_TOKEN_CHARS
                    + " characters");
        }
        if (port == null) {
            return;
        }
        range(port, 0, 65535, ConfigKeys.BRIDGE_PORT);
        if (token == null && !isLoopback(config.bridgeHost())) {
            throw new IllegalArgumentException("BRIDGE_TOKEN must be set when the bridge listens beyond loopback "
                    + "(BRIDGE_HOST=" + config.bridgeHost() + "); every client then sends it in its frames' headers");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("BRIDGE_HOST " + host + " cannot be resolved", e);
        }
    }

    private static void range(int value, int min, int max, String key) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key.toUpperCase() + " must be between " + min + " and " + max
                    + ", got " + value);
        }
    }
}
