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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the API acknowledged survives a crash: writes of every kind are answered, the node is killed with kill -9
 * right after the last answer and restarted on the same DATA_DIR, and every acknowledged write must be there, with
 * orders and payments agreeing. {@code -Ddurability.rounds=N} repeats the round (default 2, enough for CI; the
 * README's figure comes from 20), each round checking the writes of every earlier round as well.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DurabilityIT {

    private static final int ROUNDS = Integer.getInteger("durability.rounds", 2);
    private static final Cluster CLUSTER = new Cluster();
    private static final Http HTTP = new Http(CLUSTER.baseUrl());
    private static NodeProcess node;

    /** Everything one round had acknowledged before the kill, and what a reader must find afterwards. */
    private record Round(int number, String vendorEmail, String buyerEmail, String lampId, String mugId,
                         String paidOrderId, String cancelledOrderId, String revokedToken) {
    }

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = start();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static NodeProcess start() throws InterruptedException {
        return NodeProcess.start(CLUSTER.env(), "--no-cluster", "--instances", "1")
                .awaitLog("Marketplace ready", Duration.ofSeconds(120));
    }

    @Test
    @Order(1)
    @DisplayName("kill -9 right after the last answer loses no acknowledged write: register, product create, update "
            + "and restock, cart, checkout, payment, cancel with refund, logout; restart says it recovered")
    void killNineLosesNothing() throws Exception {
        List<Round> rounds = new ArrayList<>();
        for (int number = 1; number <= ROUNDS; number++) {
            rounds.add(writeEverything(number));
            node.kill();
            node = start();
            assertThat(node.output()).as("round %d start-up log", number)
                    .contains("was not stopped cleanly")
                    .containsPattern("recovered to its last synced commit in \\d+ ms");
            for (Round round : rounds) {
                verify(round);
            }
        }
    }

    @Test
    @Order(2)
    @DisplayName("a token revoked by logout stays refused after a restart, a new login works, and a clean stop "
            + "says it flushed")
    void logoutSurvivesRestart() throws Exception {
        String email = "logout-" + System.nanoTime() + "@durability.example.com";
        assertThat(register(email, "user").status()).isEqualTo(201);
        String token = login(email);
        assertThat(HTTP.get("/api/auth/users/me", token).status()).isEqualTo(200);
        Http.Response logout = HTTP.post("/api/auth/logout", null, token);
        assertThat(logout.status()).as(logout.body()).isEqualTo(200);
        assertThat(HTTP.get("/api/auth/users/me", token).status()).isEqualTo(401);

        node.stop();
        assertThat(node.output()).contains("Embedded MongoDB stopped and flushed");
        node = start();
        assertThat(node.output()).contains("last stop was clean").doesNotContain("was not stopped cleanly");

        Http.Response refused = HTTP.get("/api/auth/users/me", token);
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("token_revoked");
        assertThat(HTTP.get("/api/auth/users/me", login(email)).status()).isEqualTo(200);
    }

    /** One of each write the API acknowledges; every answer is checked, so each write counts as acknowledged. */
    private static Round writeEverything(int number) throws Exception {
        String suffix = number + "-" + System.nanoTime();
        String vendorEmail = "vendor-" + suffix + "@durability.example.com";
        String buyerEmail = "buyer-" + suffix + "@durability.example.com";
        expect(register(vendorEmail, "vendor"), 201);
        expect(register(buyerEmail, "user"), 201);
        String vendor = login(vendorEmail);
        String buyer = login(buyerEmail);
        String otherSession = login(buyerEmail);

        String lampId = expect(HTTP.post("/api/products", new JsonObject().put("name", "Lamp " + number)
                .put("price", 20).put("stock", 10).put("category", "home"), vendor), 201).getString("id");
        String mugId = expect(HTTP.post("/api/products", new JsonObject().put("name", "Mug " + number)
                .put("price", 5).put("stock", 4).put("category", "kitchen"), vendor), 201).getString("id");
        expect(HTTP.patch("/api/products/" + lampId, new JsonObject().put("name", "Lamp " + number + " v2")
                .put("price", 22.5), vendor), 200);
        expect(HTTP.patch("/api/products/" + lampId + "/stock", new JsonObject().put("delta", 5), vendor), 200);

        expect(addToCart(lampId, 2, buyer), 200);
        String paidOrderId = expect(HTTP.post("/api/orders", null, buyer), 201).getString("id");
        expect(pay(paidOrderId, buyer), 201);

        expect(addToCart(mugId, 1, buyer), 200);
        String cancelledOrderId = expect(HTTP.post("/api/orders", null, buyer), 201).getString("id");
        expect(pay(cancelledOrderId, buyer), 201);
        expect(HTTP.post("/api/orders/" + cancelledOrderId + "/cancel", null, buyer), 200);

        expect(HTTP.post("/api/auth/logout", null, otherSession), 200);
        expect(addToCart(mugId, 3, buyer), 200);
        return new Round(number, vendorEmail, buyerEmail, lampId, mugId, paidOrderId, cancelledOrderId,
                otherSession);
    }

    private static void verify(Round round) throws Exception {
        String buyer = login(round.buyerEmail());
        login(round.vendorEmail());

        JsonObject lamp = expect(HTTP.get("/api/products/" + round.lampId(), null), 200);
        assertThat(lamp.getString("name")).as("round %d lamp name", round.number())
                .isEqualTo("Lamp " + round.number() + " v2");
        assertThat(lamp.getDouble("price")).as("round %d lamp price", round.number()).isEqualTo(22.5);
        assertThat(lamp.getInteger("stock")).as("round %d lamp: 10 + 5 restocked - 2 sold", round.number())
                .isEqualTo(13);
        JsonObject mug = expect(HTTP.get("/api/products/" + round.mugId(), null), 200);
        assertThat(mug.getInteger("stock")).as("round %d mug: the cancelled unit is back", round.number())
                .isEqualTo(4);

        JsonObject paid = expect(HTTP.get("/api/orders/" + round.paidOrderId(), buyer), 200);
        assertThat(paid.getString("status")).as("round %d paid order", round.number()).isEqualTo("paid");
        JsonObject cancelled = expect(HTTP.get("/api/orders/" + round.cancelledOrderId(), buyer), 200);
        assertThat(cancelled.getString("status")).as("round %d cancelled order", round.number())
                .isEqualTo("cancelled");
        assertPayments(round, round.paidOrderId(), 1, 0);
        assertPayments(round, round.cancelledOrderId(), 1, 1);

        JsonArray cart = expect(HTTP.get("/api/cart", buyer), 200).getJsonArray("items");
        assertThat(cart).as("round %d cart", round.number()).hasSize(1);
        assertThat(cart.getJsonObject(0).getString("product_id")).isEqualTo(round.mugId());
        assertThat(cart.getJsonObject(0).getInteger("quantity")).isEqualTo(3);

        Http.Response revoked = HTTP.get("/api/auth/users/me", round.revokedToken());
        assertThat(revoked.status()).as("round %d logged-out token", round.number()).isEqualTo(401);

        JsonArray orders = expect(HTTP.get("/api/orders", buyer), 200).getJsonArray("items");
        assertThat(orders).as("round %d: the buyer has exactly the two acknowledged orders", round.number())
                .hasSize(2);
    }

    /** Orders and payments agree: the charges and refunds recorded for the order are exactly those answered. */
    private static void assertPayments(Round round, String orderId, int charges, int refunds) throws Exception {
        String buyer = login(round.buyerEmail());
        List<JsonObject> payments = new ArrayList<>();
        expect(HTTP.get("/api/payments/order/" + orderId, buyer), 200).getJsonArray("items")
                .forEach(payment -> payments.add((JsonObject) payment));
        assertThat(payments.stream().filter(p -> "charge".equals(p.getString("type"))
                && "succeeded".equals(p.getString("status"))).count())
                .as("round %d successful charges of order %s", round.number(), orderId).isEqualTo(charges);
        assertThat(payments.stream().filter(p -> "refund".equals(p.getString("type"))).count())
                .as("round %d refunds of order %s", round.number(), orderId).isEqualTo(refunds);
    }

    private static Http.Response register(String email, String role) throws IOException, InterruptedException {
        return HTTP.post("/api/auth/register", new JsonObject().put("email", email).put("password", "password123")
                .put("full_name", "Durable " + role).put("role", role), null);
    }

    private static String login(String email) throws IOException, InterruptedException {
        return expect(HTTP.post("/api/auth/login", new JsonObject().put("email", email)
                .put("password", "password123"), null), 200).getString("access_token");
    }

    private static Http.Response addToCart(String productId, int quantity, String token)
            throws IOException, InterruptedException {
        return HTTP.post("/api/cart/items", new JsonObject().put("product_id", productId).put("quantity", quantity),
                token);
    }

    private static Http.Response pay(String orderId, String token) throws IOException, InterruptedException {
        return HTTP.post("/api/payments/process", new JsonObject().put("order_id", orderId)
                .put("payment_method", "credit_card").put("card_details", new JsonObject()), token);
    }

    private static JsonObject expect(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response.json();
    }
}
