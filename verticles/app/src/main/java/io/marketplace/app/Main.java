package io.marketplace.app;

import ch.qos.logback.classic.LoggerContext;
import io.marketplace.common.config.AppConfig;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.common.config.ConfigLoader;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The launcher: {@code java -jar marketplace.jar [--services a,b] [--no-cluster] ...}. */
@Command(name = "marketplace", mixinStandardHelpOptions = true, version = "marketplace 1.0.0",
        sortOptions = false,
        description = "Starts a marketplace node. With no flags: every service, clustered on loopback, the gateway "
                + "on HTTP_PORT (8000) and an embedded MongoDB under DATA_DIR unless MONGO_URL is set.",
        footer = {"", "Every configuration key can also be set by its environment variable (HTTP_PORT, MONGO_URL, "
                + "DATA_DIR, EMBEDDED_MONGO_PORT, JWT_SECRET, TOKEN_TTL_MINUTES, RATE_LIMIT_PER_MINUTE, "
                + "PAYMENT_SUCCESS_RATE, PAYMENT_SEED, ORDER_EXPIRY_MINUTES, BUS_TIMEOUT_MS, ADMIN_EMAIL, "
                + "ADMIN_PASSWORD, BRIDGE_PORT, BRIDGE_HOST, BRIDGE_TOKEN, ...) or by --set key=value."})
public final class Main implements Callable<Integer> {

    static final int BRIDGE_DEFAULT_PORT = 7000;

    @Option(names = "--services", split = ",", paramLabel = "LIST",
            description = "Services this node hosts, comma-separated: auth,products,orders,payments,gateway "
                    + "(default: all).")
    List<String> services = ServiceCatalog.names();

    @Option(names = "--instances", paramLabel = "N",
            description = "Instances of each hosted verticle (default: one per core for the gateway, one otherwise).")
    Integer instances;

    @Option(names = "--no-cluster", description = "Run standalone in one JVM, without Hazelcast.")
    boolean noCluster;

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Hazelcast configuration (default: cluster-config/loopback.xml, env CLUSTER_CONFIG).")
    Path clusterConfig;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Address this node's event bus binds and advertises, or auto (default: 127.0.0.1, env CLUSTER_HOST).")
    String clusterHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Gateway port (overrides HTTP_PORT).")
    Integer httpPort;

    @Option(names = "--embedded-db",
            description = "Start the embedded MongoDB even if another node on this machine already serves one.")
    boolean embeddedDb;

    @Option(names = "--compat", paramLabel = "MODE",
            description = "Outward API format: none (default) or seed, the FastAPI seed system's (overrides API_COMPAT).")
    String compat;

    @Option(names = "--bridge",
            description = "Open the TCP event-bus bridge for services in other languages on BRIDGE_PORT, or "
                    + BRIDGE_DEFAULT_PORT + " when unset (loopback unless BRIDGE_HOST is set).")
    boolean bridge;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override any configuration key, e.g. --set payment_success_rate=1.0")
    Map<String, String> overrides = new LinkedHashMap<>();

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main())
                .setParameterExceptionHandler((exception, ignored) -> {
                    System.err.println("marketplace: " + exception.getMessage() + " (see --help)");
                    return 2;
                });
        int exitCode = commandLine.execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() {
        try {
            NodeSettings settings = settings(System.getenv());
            Node node = Node.start(settings).toCompletionStage().toCompletableFuture().get();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.stopAndWait(20, TimeUnit.SECONDS);
                flushLogs();
            }, "marketplace-shutdown"));
            return 0;
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            System.err.println("marketplace: " + cause.getMessage());
            return 1;
        }
    }

    /** The access log is written through a queue (logback.xml); stopping logback drains it before the JVM exits. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            logging.stop();
        }
    }

    /** "auto" means this machine's own address, as containers on a network need. */
    static String resolveHost(String host) {
        if (!"auto".equalsIgnoreCase(host)) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new StartupException("Cannot determine this host's address for CLUSTER_HOST=auto", e);
        }
    }

    NodeSettings settings(Map<String, String> env) {
        Map<String, Object> cli = new LinkedHashMap<>();
        overrides.forEach((key, value) -> cli.put(key.toLowerCase(Locale.ROOT), value));
        if (httpPort != null) {
            cli.put(ConfigKeys.HTTP_PORT, httpPort);
        }
        if (compat != null) {
            cli.put(ConfigKeys.API_COMPAT, compat);
        }
        String bridgePort = env.get(ConfigKeys.BRIDGE_PORT.toUpperCase(Locale.ROOT));
        if (bridge && (bridgePort == null || bridgePort.isBlank()) && !cli.containsKey(ConfigKeys.BRIDGE_PORT)) {
            cli.put(ConfigKeys.BRIDGE_PORT, BRIDGE_DEFAULT_PORT);
        }
        AppConfig config;
        try {
            config = ConfigLoader.load(env, cli);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
        Path cluster = clusterConfig != null ? clusterConfig
                : Path.of(env.getOrDefault("CLUSTER_CONFIG", "cluster-config/loopback.xml"));
        String host = resolveHost(clusterHost != null ? clusterHost : env.getOrDefault("CLUSTER_HOST", "127.0.0.1"));
        if (instances != null && instances < 1) {
            throw new StartupException("--instances must be at least 1");
        }
        return new NodeSettings(config, ServiceCatalog.ordered(services), !noCluster, cluster, host, instances,
                embeddedDb);
    }
}
