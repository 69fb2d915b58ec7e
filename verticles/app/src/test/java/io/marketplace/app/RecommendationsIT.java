package io.marketplace.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Services in other languages on the TCP bridge, end to end: a node started with BRIDGE_PORT, the Node.js
 * recommendations service (polyglot/recommendations) learning from paid orders and answering the gateway's route, and
 * the Python example printing product events. Needs {@code node} (and {@code python3} for the example); .ci/run
 * installs node when it is missing, and a machine without it skips with that reason.
 */
class RecommendationsIT {

    private static final Path POLYGLOT = Cluster.ROOT.resolve("polyglot");
    private static final int BUS_TIMEOUT_MS = 5000;

    private static Cluster cluster;
    private static NodeProcess node;
    private static Http http;
    private static int bridgePort;

    @BeforeAll
    static void startStack() throws Exception {
        cluster = new Cluster();
        bridgePort = Cluster.freePort();
        Map<String, String> env = new java.util.HashMap<>(cluster.env());
        env.put("BRIDGE_PORT", Integer.toString(bridgePort));
        env.put("BUS_TIMEOUT_MS", Integer.toString(BUS_TIMEOUT_MS));
        node = NodeProcess.start(env, "--no-cluster");
        node.awaitLog("Marketplace ready", Duration.ofSeconds(90));
        assertThat(node.output()).contains("TCP event-bus bridge listening on 127.0.0.1:" + bridgePort);
        http = new Http(cluster.baseUrl());
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    private static Map<String, String> bridgeEnv() {
        return Map.of("BRIDGE_HOST", "127.0.0.1", "BRIDGE_PORT", Integer.toString(bridgePort));
    }

    @Test
    @DisplayName("the Node.js service learns from two paid orders that A and B are bought together, the gateway "
            + "serves it, and once the service stops the route is 503 within the bus timeout")
    void recommendationsFromPaidOrders() throws Exception {
        assumeTrue(PolyglotProcess.installed("node"), "node is not installed (.ci/run installs nodejs)");
        String vendor = http.account("vendor");
        String buyer = http.account("user");
        String a = product(vendor, "Tent");
        String b = product(vendor, "Sleeping bag");
        String c = product(vendor, "Lantern");
        assertThat(http.get("/api/products/" + a + "/recommendations", null).status()).as("no service yet")
                .isEqualTo(503);

        try (PolyglotProcess service = PolyglotProcess.start(POLYGLOT.resolve("recommendations"), bridgeEnv(),
                "node", "src/index.js")) {
            service.awaitLog("serving marketplace.recommendations", Duration.ofSeconds(30));
            awaitStatus("/api/products/" + a + "/recommendations", 200, Duration.ofSeconds(10));
            assertThat(http.get("/api/products/" + a + "/recommendations", null).json())
                    .isEqualTo(new JsonObject().put("items", new JsonArray()));

            buyAndPay(buyer, a, b);
            buyAndPay(buyer, a, b, c);
            service.awaitLog("learned order", Duration.ofSeconds(10));
            JsonArray items = awaitItems("/api/products/" + a + "/recommendations", 2);
            assertThat(items).containsExactly(
                    new JsonObject().put("product_id", b).put("score", 2),
                    new JsonObject().put("product_id", c).put("score", 1));
            assertThat(http.get("/api/products/" + b + "/recommendations?limit=1", null).json().getJsonArray("items"))
                    .containsExactly(new JsonObject().put("product_id", a).put("score", 2));
            Http.Response refused = http.get("/api/products/" + a + "/recommendations?limit=-1", null);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("validation_error");

            service.stop();
            long stopped = System.nanoTime();
            Http.Response after = http.get("/api/products/" + a + "/recommendations", null);
            while (after.status() != 503 && System.nanoTime() - stopped < BUS_TIMEOUT_MS * 1_000_000L) {
                after = http.get("/api/products/" + a + "/recommendations", null);
            }
            assertThat(after.status()).as(after.body()).isEqualTo(503);
            assertThat(after.json().getJsonObject("error").getString("code")).isEqualTo("service_unavailable");
        }
    }

    @Test
    @DisplayName("the Python example prints a product's events as the vendor restocks it")
    void pythonExamplePrintsProductEvents() throws Exception {
        assumeTrue(PolyglotProcess.installed("python3"), "python3 is not installed");
        try (PolyglotProcess example = PolyglotProcess.start(POLYGLOT.resolve("python"), bridgeEnv(),
                "python3", "product_events.py")) {
            example.awaitLog("listening to marketplace.events.products", Duration.ofSeconds(20));
            String vendor = http.account("vendor");
            String name = "Printed kettle";
            String id = product(vendor, name);
            // the registration frame may still be on its way when the example says it listens: restock until seen
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!example.output().contains("product.stock_changed") && System.nanoTime() < deadline) {
                assertThat(http.patch("/api/products/" + id + "/stock", new JsonObject().put("delta", 1), vendor)
                        .status()).isEqualTo(200);
                Thread.sleep(200);
            }
            assertThat(example.output()).containsPattern(
                    "product\\.stock_changed v\\d+ " + id + " '" + name + "' stock=\\d+");
        }
    }

    @Test
    @DisplayName("the Node.js service's own tests pass (framing, co-occurrence, request checks, reconnection)")
    void nodeUnitTests() throws Exception {
        assumeTrue(PolyglotProcess.installed("node"), "node is not installed (.ci/run installs nodejs)");
        try (PolyglotProcess tests = PolyglotProcess.start(POLYGLOT.resolve("recommendations"), Map.of(),
                "node", "--test", "test/")) {
            assertThat(tests.awaitExit(Duration.ofSeconds(60))).as(tests.output()).isZero();
            assertThat(tests.output()).contains("# fail 0");
        }
    }

    @Test
    @DisplayName("--bridge beyond loopback without BRIDGE_TOKEN refuses to start, naming BRIDGE_TOKEN")
    void bridgeBeyondLoopbackNeedsAToken() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(new Cluster().env());
        env.put("BRIDGE_HOST", "0.0.0.0");
        try (NodeProcess refused = NodeProcess.start(env, "--no-cluster", "--bridge")) {
            assertThat(refused.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(refused.output()).contains("BRIDGE_TOKEN must be set when the bridge listens beyond loopback");
        }
    }

    private static String product(String vendor, String name) throws Exception {
        Http.Response created = http.post("/api/products", new JsonObject().put("name", name).put("price", 10)
                .put("stock", 5).put("category", "outdoor"), vendor);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static void buyAndPay(String buyer, String... products) throws Exception {
        for (String product : products) {
            Http.Response added = http.post("/api/cart/items", new JsonObject().put("product_id", product)
                    .put("quantity", 1), buyer);
            assertThat(added.status()).as(added.body()).isEqualTo(200);
        }
        Http.Response order = http.post("/api/orders", null, buyer);
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        Http.Response payment = http.post("/api/payments/process", new JsonObject()
                .put("order_id", order.json().getString("id")).put("payment_method", "credit_card")
                .put("card_details", new JsonObject()), buyer);
        assertThat(payment.status()).as(payment.body()).isEqualTo(201);
    }

    private static void awaitStatus(String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Response response = http.get(path, null);
        while (response.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = http.get(path, null);
        }
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    /** Events arrive asynchronously: the route's items once there are {@code count} of them. */
    private static JsonArray awaitItems(String path, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonArray items = http.get(path, null).json().getJsonArray("items");
        while (items.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            items = http.get(path, null).json().getJsonArray("items");
        }
        return items;
    }
}
