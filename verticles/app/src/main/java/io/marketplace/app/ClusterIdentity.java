package io.marketplace.app;

import io.marketplace.common.config.AppConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which stack a node belongs to. Invariant: nodes join one cluster only when they serve one database. The database
 * identity is the embedded server's loopback port, or the MongoDB hosts of {@code MONGO_URL} (credentials and
 * options left out), plus the database name; the default cluster name is a hash of it, so two stacks started side
 * by side on one machine never merge, while {@code ./run.sh --services products} with the same settings joins its
 * own stack. {@code CLUSTER_NAME} overrides the name; every member also advertises the hash of its database
 * identity, so a node that meets a member of another stack under the same name can refuse to start.
 */
record ClusterIdentity(String clusterName, String databaseId, String databaseDescription) {

    /** The Hazelcast member attribute carrying {@link #databaseId}. */
    static final String DATABASE_ATTRIBUTE = "marketplace.database";

    static ClusterIdentity of(AppConfig config, String explicitClusterName) {
        String description = describeDatabase(config);
        String databaseId = sha256(description).substring(0, 16);
        String name = explicitClusterName != null && !explicitClusterName.isBlank()
                ? explicitClusterName.strip()
                : "marketplace-" + databaseId;
        return new ClusterIdentity(name, databaseId, description);
    }

    static String describeDatabase(AppConfig config) {
        String url = config.mongoUrl();
        if (url == null) {
            return "embedded MongoDB on 127.0.0.1:" + config.embeddedMongoPort() + ", database "
                    + config.mongoDatabase();
        }
        return "MongoDB " + hostsOf(url) + ", database " + config.mongoDatabase();
    }

    /** {@code mongodb://user:pw@a:1,b:2/db?opts} → {@code mongodb://a:1,b:2}: what says where the data lives. */
    static String hostsOf(String url) {
        int scheme = url.indexOf("://");
        String prefix = scheme < 0 ? "" : url.substring(0, scheme + 3);
        String rest = scheme < 0 ? url : url.substring(scheme + 3);
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        String authority = rest.substring(0, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        return prefix + authority.toLowerCase(java.util.Locale.ROOT);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
