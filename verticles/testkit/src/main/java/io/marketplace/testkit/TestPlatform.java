package io.marketplace.testkit;

import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.config.AppConfig;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.common.config.ConfigLoader;
import io.marketplace.common.json.JsonSupport;
import io.marketplace.common.mongo.MongoClients;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A whole platform for a test: an in-memory MongoDB-compatible server on a free loopback port, the verticles the
 * test asks for (deployed with one shared configuration), and an HTTP client aimed at the gateway.
 *
 * <pre>
 * TestPlatform.builder()
 *     .verticle(GatewayVerticle::new).verticle(AuthVerticle::new)
 *     .config(ConfigKeys.PAYMENT_SEED, 42)
 *     .start(vertx)
 * </pre>
 */
public final class TestPlatform {

    public static final String ADMIN_EMAIL = "admin@marketplace.test";
    public static final String ADMIN_PASSWORD = "admin-password-1";
    public static final String PASSWORD = "password123";

    private final Vertx vertx;
    private final AppConfig config;
    private final InMemoryMongo mongoServer;
    private final List<Supplier<? extends Deployable>> factories;
    private final List<String> deployments = new ArrayList<>();
    private final WebClient http;
    private final MongoClient mongo;
    private final BusClient bus;
    private final Users users;

    private TestPlatform(Vertx vertx, AppConfig config, InMemoryMongo mongoServer,
                         List<Supplier<? extends Deployable>> factories) {
        this.vertx = vertx;
        this.config = config;
        this.mongoServer = mongoServer;
        this.factories = factories;
        this.http = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(config.httpPort()));
        this.mongo = MongoClients.shared(vertx, config);
        this.bus = new BusClient(vertx, config.busTimeoutMs());
        this.users = new Users(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Vertx vertx() {
        return vertx;
    }

    public AppConfig config() {
        return config;
    }

    public int port() {
        return config.httpPort();
    }

    /** An HTTP client whose default host and port are the gateway's. */
    public WebClient http() {
        return http;
    }

    /** The database the services use, for asserting stored documents. */
    public MongoClient mongo() {
        return mongo;
    }

    /** Calls a service action directly over the bus, as another service would. */
    public Future<JsonObject> bus(String service, String action, JsonObject body, Caller caller) {
        return bus.request(service, action, body, caller);
    }

    /** Registers users and logs them in through the gateway. */
    public Users users() {
        return users;
    }

    /** Deploys every verticle again (after {@link #undeployAll()}), as a restarted node would. */
    public Future<Void> deployAll() {
        Future<Void> chain = Future.succeededFuture();
        for (Supplier<? extends Deployable> factory : factories) {
            chain = chain.compose(ignored -> deploy(factory)).mapEmpty();
        }
        return chain;
    }

    public Future<String> deploy(Supplier<? extends Deployable> factory) {
        return vertx.deployVerticle(factory.get(), new DeploymentOptions().setConfig(config.toJson()))
                .onSuccess(deployments::add);
    }

    /** Undeploys one verticle, as if its node had stopped. */
    public Future<Void> undeploy(String deploymentId) {
        deployments.remove(deploymentId);
        return vertx.undeploy(deploymentId);
    }

    public Future<Void> undeployAll() {
        Future<Void> chain = Future.succeededFuture();
        for (String id : List.copyOf(deployments)) {
            chain = chain.compose(ignored -> vertx.undeploy(id));
        }
        deployments.clear();
        return chain;
    }

    public Future<Void> close() {
        return undeployAll()
                .eventually(() -> mongo.close())
                .eventually(() -> {
                    http.close();
                    mongoServer.stop();
                    return Future.succeededFuture();
                })
                .mapEmpty();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {

        private final List<Supplier<? extends Deployable>> factories = new ArrayList<>();
        private final Map<String, Object> overrides = new LinkedHashMap<>();

        private Builder() {
            overrides.put(ConfigKeys.RATE_LIMIT_PER_MINUTE, 1_000_000);
            overrides.put(ConfigKeys.ADMIN_EMAIL, ADMIN_EMAIL);
            overrides.put(ConfigKeys.ADMIN_PASSWORD, ADMIN_PASSWORD);
            overrides.put(ConfigKeys.JWT_SECRET, "test-secret-that-is-at-least-32-bytes-long!");
            overrides.put(ConfigKeys.PAYMENT_SEED, 42);
        }

        public Builder verticle(Supplier<? extends Deployable> factory) {
            factories.add(factory);
            return this;
        }

        public Builder config(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        public Future<TestPlatform> start(Vertx vertx) {
            JsonSupport.install();
            InMemoryMongo server = InMemoryMongo.start();
            overrides.putIfAbsent(ConfigKeys.HTTP_PORT, freePort());
            overrides.put(ConfigKeys.EMBEDDED_MONGO_PORT, server.port());
            overrides.put(ConfigKeys.MONGO_URL, null);
            overrides.put(ConfigKeys.MONGO_DATABASE, InMemoryMongo.uniqueDatabase("test"));
            Map<String, Object> cli = new LinkedHashMap<>(overrides);
            cli.values().removeIf(java.util.Objects::isNull);
            AppConfig config = ConfigLoader.load(Map.of(), cli);
            TestPlatform platform = new TestPlatform(vertx, config, server, List.copyOf(factories));
            return platform.deployAll().map(platform);
        }
    }
}
