package io.marketplace.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The environment of one test cluster on this machine: free ports, its own data directory (under {@link #WORK}) and a
 * copy of cluster-config/loopback.xml with a unique cluster name, so tests never join each other or a developer's
 * nodes, and its own Hazelcast port range: Hazelcast looks for members (and, after a split, for the other half) only
 * on the first three ports of the range, which other clusters on a shared machine may hold from 5701 on.
 */
final class Cluster {

    static final Path ROOT = Path.of(System.getProperty("marketplace.root", "../.."));
    /** Where test clusters keep their data and node logs: inside the build's output, not the machine's /tmp. */
    static final Path WORK = Path.of("target", "it-work").toAbsolutePath();

    final int httpPort = freePort();
    final int mongoPort = freePort();
    final Path dataDir;
    final Path clusterConfig;

    Cluster() {
        try {
            dataDir = Files.createTempDirectory(Files.createDirectories(WORK), "marketplace-it");
            String xml = Files.readString(ROOT.resolve("cluster-config/loopback.xml"), StandardCharsets.UTF_8)
                    .replace("<cluster-name>marketplace</cluster-name>",
                            "<cluster-name>it-" + UUID.randomUUID() + "</cluster-name>")
                    .replace(">5701</port>", ">" + freePortRange(4) + "</port>");
            clusterConfig = dataDir.resolve("cluster.xml");
            Files.writeString(clusterConfig, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", Integer.toString(httpPort));
        env.put("EMBEDDED_MONGO_PORT", Integer.toString(mongoPort));
        env.put("DATA_DIR", dataDir.toString());
        env.put("CLUSTER_CONFIG", clusterConfig.toString());
        env.put("RATE_LIMIT_PER_MINUTE", "100000");
        env.put("PAYMENT_SUCCESS_RATE", "1.0");
        env.put("LOG_LEVEL_BUS", "DEBUG");
        return env;
    }

    NodeProcess node(String services) {
        return node(services, Map.of());
    }

    /** A node with extra settings on top of the cluster's environment. */
    NodeProcess node(String services, Map<String, String> settings) {
        Map<String, String> env = env();
        env.putAll(settings);
        return NodeProcess.start(env, "--services", services, "--instances", "1");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The first of {@code count} consecutive ports that are free now. */
    static int freePortRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = freePort();
            if (first + count < 65536 && IntStream.range(1, count).allMatch(i -> isFree(first + i))) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
