package io.marketplace.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node killed while it holds writes whose service runs on another node too. The gateway picks the node of every
 * write, so it fails exactly the writes that went to the dead node, at once, instead of letting them wait out the bus
 * timeout (30 s here), and the writes on the surviving node are answered as usual. Auth runs on two nodes; registering
 * an account is a write that involves no other service.
 */
class NodeLossIT {

    private static final Cluster CLUSTER = new Cluster();
    private static final Map<String, String> LONG_BUS_TIMEOUT = Map.of("BUS_TIMEOUT_MS", "30000");
    private static final int WRITES = 8;
    private static NodeProcess nodeA;
    private static NodeProcess authB;
    private static NodeProcess authC;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        nodeA = CLUSTER.node("gateway,products,orders,payments", LONG_BUS_TIMEOUT)
                .awaitLog("Marketplace ready", Duration.ofSeconds(60));
        authB = CLUSTER.node("auth", LONG_BUS_TIMEOUT);
        authC = CLUSTER.node("auth", LONG_BUS_TIMEOUT);
        authB.awaitLog("Node ready", Duration.ofSeconds(60));
        authC.awaitLog("Node ready", Duration.ofSeconds(60));
        http = new Http(CLUSTER.baseUrl());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (http.get("/health/ready", null).status() != 200) {
            assertThat(System.nanoTime()).as("cluster ready").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        for (NodeProcess node : new NodeProcess[] {authC, authB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** A response and when it arrived. */
    private record Answer(String email, Http.Response response, long at) {
    }

    private static Answer register(String email) {
        try {
            Http.Response response = http.post("/api/auth/register", new JsonObject().put("email", email)
                    .put("password", "password123").put("full_name", "Node loss"), null);
            return new Answer(email, response, System.nanoTime());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int login(String email) throws IOException, InterruptedException {
        return http.post("/api/auth/login", new JsonObject().put("email", email).put("password", "password123"),
                null).status();
    }

    @Test
    @DisplayName("kill -9 of one of two auth nodes holding registrations: those fail at once with 503 and "
            + "Retry-After, far within the bus timeout, and a retry settles the unknown outcome (the account exists "
            + "once); those on the survivor are 201")
    void writesOfAKilledNodeFailFast() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(WRITES);
        try {
            // Frozen first, so that what the gateway sends it waits there, as on a node that is about to die.
            authB.pause();
            List<CompletableFuture<Answer>> sent = new ArrayList<>();
            String run = Long.toString(System.nanoTime());
            for (int i = 0; i < WRITES; i++) {
                String email = "lost-" + run + "-" + i + "@it.example.com";
                sent.add(CompletableFuture.supplyAsync(() -> register(email), clients));
            }
            Thread.sleep(1000);
            authB.kill();
            long killedAt = System.nanoTime();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            List<Answer> lost = new ArrayList<>();
            List<Answer> served = new ArrayList<>();
            for (CompletableFuture<Answer> future : sent) {
                Answer answer = future.get();
                assertThat(answer.response().status()).as(answer.response().body()).isIn(201, 503);
                (answer.response().status() == 503 ? lost : served).add(answer);
            }
            assertThat(lost).as("writes sent to the killed node").isNotEmpty();
            assertThat(served).as("writes sent to the survivor").isNotEmpty();
            for (Answer answer : lost) {
                Http.Response response = answer.response();
                assertThat(response.json().getJsonObject("error").getString("code")).isEqualTo("service_unavailable");
                assertThat(response.json().getJsonObject("error").getString("message")).contains("left the cluster");
                assertThat(response.header("Retry-After")).isEqualTo("5");
                assertThat(Duration.ofNanos(answer.at() - killedAt)).as("503 after the kill")
                        .isLessThan(Duration.ofSeconds(12));
                // The 503 says the outcome is unknown (a write can land in the database just before its node
                // dies): the client's retry registers the account or finds it registered, and it exists once.
                Http.Response retry = register(answer.email()).response();
                assertThat(retry.status()).as("the client's retry: %s", retry.body()).isIn(201, 409);
                if (retry.status() == 409) {
                    assertThat(retry.json().getJsonObject("error").getString("code")).isEqualTo("email_taken");
                }
                assertThat(login(answer.email())).isEqualTo(200);
            }
            for (Answer answer : served) {
                assertThat(login(answer.email())).isEqualTo(200);
            }
            System.out.printf("%d of %d writes were on the killed node; the last 503 came %d ms after the kill%n",
                    lost.size(), WRITES, lost.stream().mapToLong(a -> (a.at() - killedAt) / 1_000_000).max()
                            .orElse(0));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @DisplayName("with a second products node, the gateway's reads stay on its own node's read model while its "
            + "writes go to both nodes, and the second node's model shows the writes")
    void readsStayOnTheGatewaysNode() throws Exception {
        NodeProcess productsD = CLUSTER.node("products", LONG_BUS_TIMEOUT)
                .awaitLog("Node ready", Duration.ofSeconds(60));
        try {
            String vendor = http.account("vendor");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Http.Response created = http.post("/api/products", new JsonObject().put("name", "Local read " + i)
                        .put("price", 3.5).put("stock", 4).put("category", "locality"), vendor);
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                ids.add(created.json().getString("id"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (http.get("/api/products?category=locality", null).json().getInteger("total") < ids.size()) {
                assertThat(System.nanoTime()).as("node A's model shows node D's creations").isLessThan(deadline);
                Thread.sleep(50);
            }
            int listedOnA = nodeA.productsHandled("list");
            int readOnA = nodeA.productsHandled("get");
            for (int i = 0; i < 40; i++) {
                Http.Response page = http.get("/api/products?category=locality", null);
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.json().getInteger("total")).isEqualTo(ids.size());
                Http.Response one = http.get("/api/products/" + ids.get(i % ids.size()), null);
                assertThat(one.status()).isEqualTo(200);
                assertThat(one.json().getString("name")).isEqualTo("Local read " + (i % ids.size()));
            }
            assertThat(nodeA.productsHandled("list") - listedOnA).as("listings served by node A").isEqualTo(40);
            assertThat(nodeA.productsHandled("get") - readOnA).as("products served by node A").isEqualTo(40);
            assertThat(productsD.productsHandled("list") + productsD.productsHandled("get"))
                    .as("reads served by node D").isZero();
            assertThat(productsD.productsHandled("create")).as("creations node D made").isPositive();
        } finally {
            productsD.close();
        }
    }
}
