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

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of the payments node, which alone hosts payments (gateway, auth and orders on node A, products on another):
 * <ul>
 * <li>frozen longer than the heartbeat timeout (SIGSTOP, as a long GC pause or a suspended VM would), it is dropped
 * by the others and, once it runs again, finds itself alone: it must say it is outside, stop its background writes,
 * and merge back within seconds, with its bus consumers registered again (payments served again proves it);</li>
 * <li>killed during payments with Idempotency-Keys and restarted, no key stays in progress beyond its lease plus a
 * recovery period, and every retry gets the original charge or a new one, never a second.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    private static final Duration PAUSE = Duration.ofSeconds(8);
    private static final Cluster CLUSTER = new Cluster();
    private static final Map<String, String> FAST_RECOVERY = Map.of("RESERVATION_RECOVERY_SECONDS", "1");
    private static NodeProcess nodeA;
    private static NodeProcess products;
    private static NodeProcess payments;
    private static Http http;
    private static Shopping shop;

    @BeforeAll
    static void start() throws Exception {
        nodeA = CLUSTER.node("gateway,auth,orders", FAST_RECOVERY).awaitLog("Marketplace ready", Duration.ofSeconds(60));
        products = CLUSTER.node("products", FAST_RECOVERY).awaitLog("Node ready", Duration.ofSeconds(60));
        payments = CLUSTER.node("payments", FAST_RECOVERY).awaitLog("Node ready", Duration.ofSeconds(60));
        http = new Http(CLUSTER.baseUrl());
        shop = new Shopping(http);
        awaitReady(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        for (NodeProcess node : new NodeProcess[] {payments, products, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("payments frozen for 8 s during checkouts is served again within 15 s of resuming, said it was "
            + "outside and paused its recovery meanwhile, and no order is charged twice or holds stock it lost")
    void frozenNodeRejoins() throws Exception {
        String vendor = http.account("vendor");
        String buyer = http.account("user");
        // Enough stock that checkouts left pending while payments is frozen cannot sell it out on a fast machine.
        int initialStock = 100_000;
        String productId = http.post("/api/products", new JsonObject().put("name", "Frozen yoghurt maker")
                .put("price", 12).put("stock", initialStock).put("category", "kitchen"), vendor).json().getString("id");
        assertThat(shop.pay(buyer, shop.order(buyer, productId)).status()).as("a payment before the pause")
                .isEqualTo(201);

        AtomicBoolean shopping = new AtomicBoolean(true);
        CompletableFuture<Integer> checkouts = CompletableFuture.supplyAsync(
                () -> shop.shopUntilStopped(buyer, productId, shopping));
        Thread.sleep(300);
        payments.pause();
        Thread.sleep(PAUSE.toMillis());
        Http.Response whilePaused = http.get("/health/ready", null);
        payments.resume();
        long resumedAt = System.nanoTime();

        Duration served = awaitReady(Duration.ofSeconds(15));
        String secondBuyer = http.account("user");
        String order = shop.order(secondBuyer, productId);
        Http.Response paid = shop.pay(secondBuyer, order);
        Duration payable = Duration.ofNanos(System.nanoTime() - resumedAt);
        shopping.set(false);

        assertThat(whilePaused.status()).isEqualTo(503);
        assertThat(whilePaused.json().getJsonArray("down")).contains("payments");
        assertThat(served).as("ready again after resuming").isLessThan(Duration.ofSeconds(15));
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(payable).as("a new payment succeeds after resuming").isLessThan(Duration.ofSeconds(15));
        assertThat(http.get("/api/orders/" + order, secondBuyer).json().getString("status")).isEqualTo("paid");
        assertThat(checkouts.get(60, TimeUnit.SECONDS)).as("checkouts attempted").isGreaterThan(0);
        assertThat(payments.output())
                .contains("Outside the main cluster")
                .contains("Payments recovery pass paused")
                .contains("Cluster merge done")
                .contains("Back in the main cluster");
        awaitInvariants(List.of(buyer, secondBuyer), productId, initialStock);
    }

    @Test
    @Order(2)
    @DisplayName("kill -9 of payments during 30 payments with Idempotency-Keys, then a restart: within the lease "
            + "plus a recovery period every key answers, with the original charge or a new one, never a second")
    void killedDuringKeyedPayments() throws Exception {
        String vendor = http.account("vendor");
        String buyer = http.account("user");
        String productId = http.post("/api/products", new JsonObject().put("name", "Crash-paid kettle")
                .put("price", 30).put("stock", 100).put("category", "kitchen"), vendor).json().getString("id");
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            orders.add(shop.order(buyer, productId));
        }
        ExecutorService clients = Executors.newFixedThreadPool(orders.size());
        try {
            List<CompletableFuture<Http.Response>> first = new ArrayList<>();
            for (String order : orders) {
                first.add(CompletableFuture.supplyAsync(() -> payWithKey(buyer, order), clients));
            }
            Thread.sleep(150);
            payments.kill();
            long killedAt = System.nanoTime();
            payments = CLUSTER.node("payments", FAST_RECOVERY).awaitLog("Node ready", Duration.ofSeconds(60));
            CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            Map<String, String> answeredCharge = new HashMap<>();
            Duration longestInProgress = Duration.ZERO;
            int leftInProgress = 0;
            for (String order : orders) {
                Http.Response retry = payWithKey(buyer, order);
                if (retry.status() == 409 && retry.body().contains("idempotency_in_progress")) {
                    leftInProgress++;
                }
                while (retry.status() == 409 && retry.body().contains("idempotency_in_progress")) {
                    Duration since = Duration.ofNanos(System.nanoTime() - killedAt);
                    assertThat(since).as("key of order %s still in progress", order)
                            .isLessThan(Duration.ofSeconds(45));
                    Thread.sleep(500);
                    retry = payWithKey(buyer, order);
                }
                longestInProgress = max(longestInProgress, Duration.ofNanos(System.nanoTime() - killedAt));
                assertThat(retry.status()).as("retry of order %s: %s", order, retry.body()).isEqualTo(201);
                answeredCharge.put(order, retry.json().getString("id"));
            }
            for (String order : orders) {
                List<JsonObject> charges = http.get("/api/payments/order/" + order, buyer).json().getJsonArray("items")
                        .stream().map(JsonObject.class::cast)
                        .filter(p -> "charge".equals(p.getString("type")) && "succeeded".equals(p.getString("status")))
                        .toList();
                assertThat(charges).as("succeeded charges of order %s", order).hasSize(1);
                assertThat(answeredCharge.get(order)).as("the retry answers the one charge of order %s", order)
                        .isEqualTo(charges.get(0).getString("id"));
            }
            awaitInvariants(List.of(buyer), productId, 100);
            System.out.printf("%d of %d keys left in progress by the kill; all answered within %d ms of it%n",
                    leftInProgress, orders.size(), longestInProgress.toMillis());
        } finally {
            clients.shutdownNow();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Http.Response payWithKey(String buyer, String orderId) {
        try {
            return http.post("/api/payments/process", new JsonObject().put("order_id", orderId)
                    .put("payment_method", "credit_card").put("card_details", new JsonObject()), buyer,
                    Map.of("Idempotency-Key", "pay-" + orderId));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls readiness until 200; returns how long it took, or fails after the limit. */
    private static Duration awaitReady(Duration limit) throws Exception {
        long start = System.nanoTime();
        while (http.get("/health/ready", null).status() != 200) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("not ready within " + limit + ":\n" + http.get("/health/ready", null).body()
                        + "\n--- payments node ---\n" + payments.output());
            }
            Thread.sleep(200);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Every order is finished consistently: paid orders have exactly one successful charge, others none; stock left
     * plus stock held by live orders is the initial stock. Recovery may need a pass or two after the merge.
     */
    private static void awaitInvariants(List<String> buyers, String productId, int initialStock) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<String> broken = brokenInvariants(buyers, productId, initialStock);
            if (broken.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("invariants still broken: " + broken);
            }
            Thread.sleep(500);
        }
    }

    private static List<String> brokenInvariants(List<String> buyers, String productId, int initialStock)
            throws Exception {
        List<String> broken = new ArrayList<>();
        int held = 0;
        for (String buyer : buyers) {
            held += heldAfterChecking(buyer, broken);
        }
        int stock = http.get("/api/products/" + productId, null).json().getInteger("stock");
        if (stock + held != initialStock) {
            broken.add("stock " + stock + " + held " + held + " != " + initialStock);
        }
        return broken;
    }

    /** Checks one buyer's orders, adding what is wrong to {@code broken}; returns the units they hold. */
    private static int heldAfterChecking(String buyer, List<String> broken) throws Exception {
        int held = 0;
        for (JsonObject order : shop.allOrders(buyer)) {
            String status = order.getString("status");
            if (!List.of("pending_payment", "paid", "failed").contains(status)) {
                broken.add("order " + order.getString("id") + " is " + status);
            }
            JsonArray transactions = http.get("/api/payments/order/" + order.getString("id"), buyer).json()
                    .getJsonArray("items");
            long succeeded = transactions.stream().map(JsonObject.class::cast)
                    .filter(p -> "charge".equals(p.getString("type")) && "succeeded".equals(p.getString("status")))
                    .count();
            if (succeeded != ("paid".equals(status) ? 1 : 0)) {
                broken.add("order " + order.getString("id") + " is " + status + " with " + succeeded + " charges");
            }
            if (!"failed".equals(status)) {
                held += order.getJsonArray("items").getJsonObject(0).getInteger("quantity");
            }
        }
        return held;
    }
}
