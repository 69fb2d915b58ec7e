package io.marketplace.app;

import io.marketplace.common.metrics.Observability;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import io.marketplace.common.bus.Services;
import io.marketplace.common.cluster.HostedServices;
import io.marketplace.common.config.AppConfig;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.common.json.JsonSupport;
import io.marketplace.gateway.bridge.TcpBridgeVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One running node: the embedded database when it is the first on the machine, a Vert.x instance (clustered over
 * Hazelcast or standalone) and the verticles it hosts.
 */
public final class Node {

    private static final Logger LOG = LoggerFactory.getLogger("marketplace");
    private static final String BRIDGE = "the TCP bridge";

    private final NodeSettings settings;
    private final EmbeddedMongo embeddedMongo;
    private final Vertx vertx;
    private final ClusterWatch clusterWatch;

    private Node(NodeSettings settings, EmbeddedMongo embeddedMongo, Vertx vertx, ClusterWatch clusterWatch) {
        this.settings = settings;
        this.embeddedMongo = embeddedMongo;
        this.vertx = vertx;
        this.clusterWatch = clusterWatch;
    }

    /** Checks the machine, opens the database if needed, starts Vert.x and deploys; fails with a one-line cause. */
    static Future<Node> start(NodeSettings requested) {
        JsonSupport.install();
        NodeSettings settings = withSecret(requested);
        LOG.info("Starting node hosting {}", String.join(", ", settings.services()));
        if (settings.hosts(Services.GATEWAY)) {
            ensurePortFree(settings.config().httpPort());
        }
        EmbeddedMongo embedded = startEmbeddedMongoIfNeeded(settings);
        ClusterWatch[] watch = new ClusterWatch[1];
        return createVertx(settings, watch)
                .compose(vertx -> deployAll(vertx, settings)
                        .map(ignored -> new Node(settings, embedded, vertx, watch[0]))
                        .recover(failure -> vertx.close().transform(ignored -> Future.failedFuture(failure))))
                .onFailure(failure -> {
                    if (embedded != null) {
                        embedded.close();
                    }
                })
                .onSuccess(Node::announce);
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Undeploys every verticle (in-flight requests finish), leaves the cluster, then flushes the database. */
    Future<Void> stop() {
        Future<Void> leaving = clusterWatch == null ? Future.succeededFuture()
                : clusterWatch.announceDeparture().recover(failure -> Future.succeededFuture());
        return leaving.transform(ignored -> vertx.close()).eventually(() -> {
            if (embeddedMongo != null) {
                embeddedMongo.close();
            }
            return Future.succeededFuture();
        });
    }

    private static NodeSettings withSecret(NodeSettings settings) {
        AppConfig config = settings.config();
        Path dataDir = Path.of(config.dataDir());
        ensureWritable(dataDir);
        if (config.jwtSecret() == null) {
            config = config.with(ConfigKeys.JWT_SECRET, JwtSecretStore.loadOrCreate(dataDir));
        }
        return new NodeSettings(config, settings.services(), settings.clustered(), settings.clusterConfig(),
                settings.clusterHost(), settings.instances(), settings.forceEmbeddedDb());
    }

    private static void ensureWritable(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path probe = Files.createTempFile(dataDir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StartupException("Data directory " + dataDir.toAbsolutePath() + " is not writable; set "
                    + "DATA_DIR to a writable directory.", e);
        }
    }

    private static void ensurePortFree(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("0.0.0.0", port));
        } catch (IOException e) {
            throw new StartupException("Port " + port + " is already in use; stop what uses it or set HTTP_PORT "
                    + "(or --http-port) to another port.", e);
        }
    }

    private static EmbeddedMongo startEmbeddedMongoIfNeeded(NodeSettings settings) {
        AppConfig config = settings.config();
        if (config.mongoUrl() != null) {
            LOG.info("Using MongoDB at {}", redact(config.mongoUrl()));
            return null;
        }
        int port = config.embeddedMongoPort();
        if (!settings.forceEmbeddedDb() && EmbeddedMongo.isServing(port)) {
            LOG.info("Using the embedded MongoDB another node serves on 127.0.0.1:{}", port);
            return null;
        }
        return EmbeddedMongo.start(Path.of(config.dataDir()), port);
    }

    /** Starts Vert.x; when clustered, also the watch over this node's standing, handed back in {@code watch}. */
    private static Future<Vertx> createVertx(NodeSettings settings, ClusterWatch[] watch) {
        VertxOptions options = Observability.withMetrics(new VertxOptions());
        if (!settings.clustered()) {
            return Future.succeededFuture(Vertx.builder().with(options).build());
        }
        options.setEventBusOptions(new EventBusOptions()
                .setHost(settings.clusterHost())
                .setClusterPublicHost(settings.clusterHost()));
        Config hazelcast = loadClusterConfig(settings.clusterConfig());
        ClusterIdentity identity = ClusterIdentity.of(settings.config(), settings.config().clusterName());
        hazelcast.setClusterName(identity.clusterName());
        hazelcast.getMemberAttributeConfig().setAttribute(ClusterIdentity.DATABASE_ATTRIBUTE, identity.databaseId());
        hazelcast.getMemberAttributeConfig().setAttribute(HostedServices.ATTRIBUTE,
                HostedServices.describe(settings.services()));
        LOG.info("Joining the cluster {} ({}) of the stack using {}", identity.clusterName(),
                settings.clusterConfig(), identity.databaseDescription());
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .recover(failure -> Future.failedFuture(new StartupException(
                        "Cannot join the cluster: " + failure.getMessage(), failure)))
                .compose(vertx -> ensureOneStack(manager, identity)
                        .map(vertx)
                        .recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure))))
                .onSuccess(vertx -> {
                    LOG.info("Cluster joined: {} member(s) seen", manager.getNodes().size());
                    watch[0] = ClusterWatch.start(vertx, manager,
                            settings.config().clusterMembers());
                });
    }

    /**
     * A member that advertises another database (or none) belongs to another stack that shares the cluster name:
     * serving requests in such a cluster would mix two databases, so this node refuses to start instead.
     */
    private static Future<Void> ensureOneStack(HazelcastClusterManager manager, ClusterIdentity identity) {
        Cluster cluster = manager.getHazelcastInstance().getCluster();
        for (Member member : cluster.getMembers()) {
            if (member.localMember()) {
                continue;
            }
            String database = member.getAttribute(ClusterIdentity.DATABASE_ATTRIBUTE);
            if (!identity.databaseId().equals(database)) {
                return Future.failedFuture(new StartupException("Cluster " + identity.clusterName()
                        + " has a member of another stack (" + member.getAddress() + ", another database) and this "
                        + "node uses " + identity.databaseDescription() + "; give each stack its own CLUSTER_NAME "
                        + "(or leave it unset to derive one from the database)."));
            }
        }
        return Future.succeededFuture();
    }

    static Config loadClusterConfig(Path path) {
        try {
            if (Files.isRegularFile(path)) {
                return Config.loadFromFile(path.toFile());
            }
            String resource = path.getFileName() == null ? "" : "cluster-config/" + path.getFileName();
            try (InputStream in = Node.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new StartupException("Cluster config " + path + " not found; pass --cluster-config.");
                }
                return Config.loadFromStream(in);
            }
        } catch (IOException e) {
            throw new StartupException("Cannot read cluster config " + path + ": " + e.getMessage(), e);
        }
    }

    private static Future<Void> deployAll(Vertx vertx, NodeSettings settings) {
        Future<Void> chain = Future.succeededFuture();
        for (String service : settings.services()) {
            boolean gateway = Services.GATEWAY.equals(service);
            int instances = settings.instancesOf(service, gateway);
            DeploymentOptions options = new DeploymentOptions()
                    .setConfig(settings.config().toJson())
                    .setInstances(instances);
            chain = chain
                    .compose(ignored -> vertx.deployVerticle(ServiceCatalog.factory(service), options))
                    .recover(failure -> Future.failedFuture(describe(service, settings, failure)))
                    .onSuccess(id -> LOG.info("Deployed {} x{}", service, instances))
                    .mapEmpty();
        }
        if (settings.hosts(Services.GATEWAY) && settings.config().bridgePort() != null) {
            // one bridge per node, whatever the gateway's instance count: it owns its port and its connections
            DeploymentOptions options = new DeploymentOptions().setConfig(settings.config().toJson());
            chain = chain
                    .compose(ignored -> vertx.deployVerticle(new TcpBridgeVerticle(), options))
                    .recover(failure -> Future.failedFuture(describe(BRIDGE, settings, failure)))
                    .mapEmpty();
        }
        return chain;
    }

    private static Throwable describe(String service, NodeSettings settings, Throwable failure) {
        if (failure instanceof StartupException) {
            return failure;
        }
        if (Services.GATEWAY.equals(service) && String.valueOf(failure.getMessage()).contains("in use")) {
            return new StartupException("Port " + settings.config().httpPort() + " is already in use; set HTTP_PORT "
                    + "(or --http-port) to another port.", failure);
        }
        return new StartupException("Cannot start " + service + ": " + failure.getMessage(), failure);
    }

    /**
     * Writes READY_FILE (when set) once everything is deployed: containers without HTTP use it as their health
     * check, and scripts can wait for it.
     */
    private static void markReady() {
        String readyFile = System.getenv("READY_FILE");
        if (readyFile == null || readyFile.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(readyFile), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            LOG.warn("Cannot write READY_FILE {}: {}", readyFile, e.getMessage());
        }
    }

    private static void announce(Node node) {
        markReady();
        if (node.settings.hosts(Services.GATEWAY)) {
            String base = "http://localhost:" + node.settings.config().httpPort();
            LOG.info("Marketplace ready on {}  (API {}/api, docs {}/docs, health {}/health)", base, base, base, base);
        } else {
            LOG.info("Node ready, serving {} on the cluster bus", String.join(", ", node.settings.services()));
        }
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    /** Blocks the calling (non event-loop) thread until the node has stopped, at most the timeout. */
    void stopAndWait(long timeout, TimeUnit unit) {
        try {
            stop().toCompletionStage().toCompletableFuture().get(timeout, unit);
        } catch (Exception e) {
            LOG.warn("Node did not stop cleanly: {}", e.getMessage());
        }
    }
}
