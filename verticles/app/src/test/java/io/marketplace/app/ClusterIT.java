package io.marketplace.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out on one machine with real processes from the fat jar: node A hosts gateway, auth, orders and payments;
 * products runs only on other nodes, so every catalog or stock call crosses the clustered event bus.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Cluster CLUSTER = new Cluster();
    private static NodeProcess nodeA;
    private static NodeProcess productsB;
    private static NodeProcess productsC;
    private static Http http;
    private static Shopping shop;

    @BeforeAll
    static void start() throws Exception {
        nodeA = CLUSTER.node("gateway,auth,orders,payments").awaitLog("Marketplace ready", Duration.ofSeconds(60));
        productsB = CLUSTER.node("products").awaitLog("Node ready", Duration.ofSeconds(60));
        http = new Http(CLUSTER.baseUrl());
        shop = new Shopping(http);
        awaitCatalog();
    }

    @AfterAll
    static void stop() {
        for (NodeProcess node : new NodeProcess[] {productsC, productsB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** The gateway sees the products address once the new node's registration has spread through the cluster. */
    private static void awaitCatalog() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (http.get("/api/products", null).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("catalog never became available:\n" + nodeA.output());
            }
            Thread.sleep(200);
        }
    }

    @Test
    @Order(1)
    @DisplayName("the seed flow passes through node A while products lives only on node B")
    void seedFlowAcrossNodes() throws Exception {
        String vendor = http.account("vendor");
        String buyer = http.account("user");
        Http.Response product = http.post("/api/products", new JsonObject().put("name", "Clustered lamp")
                .put("price", 25).put("stock", 3).put("category", "home"), vendor);
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        String productId = product.json().getString("id");
        assertThat(http.get("/api/products?category=home", null).json().getLong("total")).isEqualTo(1);
        assertThat(http.post("/api/cart/items", new JsonObject().put("product_id", productId).put("quantity", 2),
                buyer).status()).isEqualTo(200);
        Http.Response order = http.post("/api/orders", null, buyer);
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        Http.Response payment = http.post("/api/payments/process", new JsonObject()
                .put("order_id", order.json().getString("id")).put("payment_method", "credit_card")
                .put("card_details", new JsonObject()), buyer);
        assertThat(payment.status()).as(payment.body()).isEqualTo(201);
        assertThat(http.get("/api/orders/" + order.json().getString("id"), buyer).json().getString("status"))
                .isEqualTo("paid");
        assertThat(http.get("/api/products/" + productId, null).json().getInteger("stock")).isEqualTo(1);
        assertThat(productsB.productsHandled("reserve")).as("node B reserved the stock").isEqualTo(1);
        assertThat(nodeA.output()).doesNotContain("products reserve ok");
    }

    @Test
    @Order(2)
    @DisplayName("with a second products node, a burst of 200 catalog requests is served by both nodes")
    void twoNodesShareTheLoad() throws Exception {
        productsC = CLUSTER.node("products").awaitLog("Node ready", Duration.ofSeconds(60));
        Thread.sleep(1000);
        int beforeB = productsB.productsHandled("list");
        int beforeC = productsC.productsHandled("list");
        for (int i = 0; i < 200; i++) {
            assertThat(http.get("/api/products?limit=5", null).status()).isEqualTo(200);
        }
        Thread.sleep(300);
        int servedB = productsB.productsHandled("list") - beforeB;
        int servedC = productsC.productsHandled("list") - beforeC;
        assertThat(servedB + servedC).isEqualTo(200);
        assertThat(servedB).as("node B's share").isGreaterThan(20);
        assertThat(servedC).as("node C's share").isGreaterThan(20);
    }

    @Test
    @Order(3)
    @DisplayName("kill -9 of one products node during catalog reads and checkouts: reads recover within 10 s and "
            + "no order or payment is left half-done")
    void survivesAKilledNode() throws Exception {
        String vendor = http.account("vendor");
        String buyer = http.account("user");
        int initialStock = 500;
        String productId = http.post("/api/products", new JsonObject().put("name", "Crash-tested mug")
                .put("price", 9.5).put("stock", initialStock).put("category", "kitchen"), vendor).json().getString("id");
        for (int i = 0; i < 20; i++) {
            assertThat(http.get("/api/products", null).status()).isEqualTo(200);
        }
        AtomicBoolean shopping = new AtomicBoolean(true);
        CompletableFuture<Integer> checkouts = CompletableFuture.supplyAsync(
                () -> shop.shopUntilStopped(buyer, productId, shopping));

        Thread.sleep(500);
        long killedAt = System.nanoTime();
        productsC.kill();
        int consecutiveOk = 0;
        long recoveredAt = 0;
        while (consecutiveOk < 30) {
            int status = http.get("/api/products", null).status();
            if (status == 200) {
                if (consecutiveOk == 0) {
                    recoveredAt = System.nanoTime();
                }
                consecutiveOk++;
            } else {
                consecutiveOk = 0;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("still failing").isLessThan(
                    Duration.ofSeconds(15));
        }
        assertThat(Duration.ofNanos(recoveredAt - killedAt)).isLessThan(Duration.ofSeconds(10));
        Thread.sleep(1000);
        shopping.set(false);
        assertThat(checkouts.get(60, TimeUnit.SECONDS)).as("checkouts attempted").isGreaterThan(0);

        List<JsonObject> orders = settledOrders(buyer);
        int held = 0;
        for (JsonObject order : orders) {
            String status = order.getString("status");
            assertThat(status).as("order %s", order.getString("id")).isIn("pending_payment", "paid", "failed");
            int quantity = order.getJsonArray("items").getJsonObject(0).getInteger("quantity");
            JsonArray payments = http.get("/api/payments/order/" + order.getString("id"), buyer).json()
                    .getJsonArray("items");
            long succeeded = payments.stream().map(JsonObject.class::cast)
                    .filter(p -> "succeeded".equals(p.getString("status"))).count();
            assertThat(succeeded).as("successful payments of a %s order", status)
                    .isEqualTo("paid".equals(status) ? 1 : 0);
            if (!"failed".equals(status)) {
                held += quantity;
            }
        }
        int stock = http.get("/api/products/" + productId, null).json().getInteger("stock");
        assertThat(stock + held).as("stock left plus stock held by live orders").isEqualTo(initialStock);
    }

    /**
     * The buyer's orders once no checkout is still reserving: a checkout whose client gave up on a 503 can still be
     * reserving on the orders node until its own bus request to the killed node times out or recovery settles it.
     */
    private static List<JsonObject> settledOrders(String buyer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonObject> orders = shop.allOrders(buyer);
        while (orders.stream().anyMatch(order -> "reserving".equals(order.getString("status")))
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
            orders = shop.allOrders(buyer);
        }
        return orders;
    }
}
