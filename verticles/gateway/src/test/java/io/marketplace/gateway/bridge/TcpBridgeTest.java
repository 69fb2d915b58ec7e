package io.marketplace.gateway.bridge;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Headers;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.config.ConfigKeys;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCP bridge as a client in another language meets it, over raw sockets: the permits of {@link BridgePermits},
 * answering requests through reply addresses, the shared token, and frames that are not the protocol.
 */
class TcpBridgeTest {

    private static final String EVENTS = "marketplace.events.products";
    private static final String RECOMMENDATIONS = "marketplace.recommendations";
    private static final String TOKEN = "a-shared-secret-for-tests";

    private Vertx vertx;
    private int port;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        await(vertx.close());
    }

    private void startBridge(String token) throws Exception {
        TcpBridgeVerticle bridge = new TcpBridgeVerticle();
        JsonObject config = new JsonObject().put(ConfigKeys.BRIDGE_PORT, 0)
                .put(ConfigKeys.BRIDGE_HOST, "127.0.0.1").put(ConfigKeys.BRIDGE_TOKEN, token);
        await(vertx.deployVerticle(bridge, new DeploymentOptions().setConfig(config)));
        port = bridge.port();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** JVM consumers on the addresses a client must not reach, recording anything that gets through. */
    private List<String> watch(String... addresses) {
        List<String> delivered = new CopyOnWriteArrayList<>();
        for (String address : addresses) {
            vertx.eventBus().consumer(address, message -> delivered.add(address + " " + message.body()));
        }
        return delivered;
    }

    @Test
    @DisplayName("a client that registers for product events receives each one published, until it unregisters")
    void events() throws Exception {
        startBridge(null);
        try (RawBridgeClient client = new RawBridgeClient(port)) {
            assertThat(client.send(RawBridgeClient.frame("register", EVENTS)).send(RawBridgeClient.ping())
                    .readUntilPong()).isEmpty();
            JsonObject event = new JsonObject().put("type", "product.created").put("id", "e-1").put("version", 1)
                    .put("data", new JsonObject().put("id", "p-1"));
            vertx.eventBus().publish(EVENTS, event);
            JsonObject frame = client.read();
            assertThat(frame.getString("type")).isEqualTo("message");
            assertThat(frame.getString("address")).isEqualTo(EVENTS);
            assertThat(frame.getJsonObject("body")).isEqualTo(event);

            client.send(RawBridgeClient.frame("unregister", EVENTS)).send(RawBridgeClient.ping()).readUntilPong();
            vertx.eventBus().publish(EVENTS, event);
            assertThat(client.send(RawBridgeClient.ping()).readUntilPong()).as("after unregister").isEmpty();
        }
    }

    @Test
    @DisplayName("sending to marketplace.auth, registering on a JVM service or publishing an event is access_denied, "
            + "nothing is delivered, and the connection stays usable")
    void refusedAddresses() throws Exception {
        startBridge(null);
        List<String> delivered = watch("marketplace.auth", "marketplace.orders", "marketplace.events.orders");
        try (RawBridgeClient client = new RawBridgeClient(port)) {
            client.send(RawBridgeClient.frame("send", "marketplace.auth").put("replyAddress", "r-1")
                    .put("headers", new JsonObject().put(Headers.ACTION, Actions.Auth.GET_USER))
                    .put("body", new JsonObject().put("id", "someone")));
            client.send(RawBridgeClient.frame("send", "marketplace.orders").put("body", new JsonObject()));
            client.send(RawBridgeClient.frame("register", "marketplace.orders"));
            client.send(RawBridgeClient.frame("publish", "marketplace.events.orders")
                    .put("body", new JsonObject().put("type", "order.paid")));
            client.send(RawBridgeClient.frame("send", "__vertx.reply.1").put("body", new JsonObject()));
            List<JsonObject> answers = client.send(RawBridgeClient.ping()).readUntilPong();
            assertThat(answers).hasSize(5).allSatisfy(answer -> {
                assertThat(answer.getString("type")).isEqualTo("err");
                assertThat(answer.getString("message")).isEqualTo("access_denied");
            });
            vertx.eventBus().request("marketplace.orders", new JsonObject().put("probe", true));
            assertThat(client.send(RawBridgeClient.ping()).readUntilPong()).as("nothing from marketplace.orders")
                    .isEmpty();
        }
        assertThat(delivered).containsExactly("marketplace.orders {\"probe\":true}");
    }

    @Test
    @DisplayName("a bridge client serves marketplace.recommendations: JVM callers and other bridge clients get its "
            + "answers, and a failure answer arrives as the status and error body of the bus protocol")
    void servingThroughReplyAddresses() throws Exception {
        startBridge(null);
        try (RawBridgeClient service = new RawBridgeClient(port); RawBridgeClient caller = new RawBridgeClient(port)) {
            service.send(RawBridgeClient.frame("register", RECOMMENDATIONS)).send(RawBridgeClient.ping())
                    .readUntilPong();

            Future<Message<JsonObject>> asked = vertx.eventBus().request(RECOMMENDATIONS,
                    new JsonObject().put("id", "p-1"), new DeliveryOptions()
                            .addHeader(Headers.ACTION, Actions.Recommendations.RECOMMEND));
            JsonObject request = service.read();
            assertThat(request.getString("type")).isEqualTo("message");
            assertThat(request.getJsonObject("headers").getString(Headers.ACTION)).isEqualTo("recommend");
            assertThat(request.getJsonObject("body")).isEqualTo(new JsonObject().put("id", "p-1"));
            JsonObject items = new JsonObject().put("items", new JsonArray()
                    .add(new JsonObject().put("product_id", "p-2").put("score", 2)));
            service.send(RawBridgeClient.frame("send", request.getString("replyAddress")).put("body", items));
            assertThat(await(asked).body()).isEqualTo(items);

            Future<Message<JsonObject>> failing = vertx.eventBus().request(RECOMMENDATIONS, new JsonObject());
            JsonObject second = service.read();
            service.send(RawBridgeClient.frame("send", second.getString("replyAddress")).put("failureCode", 400)
                    .put("message", new JsonObject().put("code", "validation_error").put("message", "id is required")
                            .encode()));
            Throwable failure = failing.toCompletionStage().toCompletableFuture().handle((ok, error) -> error)
                    .get(10, TimeUnit.SECONDS);
            ServiceException error = ServiceException.from(failure.getCause() == null ? failure : failure.getCause());
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.code()).isEqualTo("validation_error");

            caller.send(RawBridgeClient.frame("send", RECOMMENDATIONS).put("replyAddress", "caller-1")
                    .put("headers", new JsonObject().put(Headers.ACTION, "recommend"))
                    .put("body", new JsonObject().put("id", "p-3")));
            JsonObject relayed = service.read();
            assertThat(relayed.getJsonObject("body")).isEqualTo(new JsonObject().put("id", "p-3"));
            service.send(RawBridgeClient.frame("send", relayed.getString("replyAddress")).put("body", items));
            JsonObject answer = caller.read();
            assertThat(answer.getString("address")).isEqualTo("caller-1");
            assertThat(answer.getJsonObject("body")).isEqualTo(items);
        }
    }

    @Test
    @DisplayName("with BRIDGE_TOKEN, a frame without it or with a wrong one closes the connection after an "
            + "unauthorized err, and the token itself never reaches the bus")
    void token() throws Exception {
        startBridge(TOKEN);
        try (RawBridgeClient anonymous = new RawBridgeClient(port)) {
            JsonObject answer = anonymous.send(RawBridgeClient.ping()).read();
            assertThat(answer.getString("message")).isEqualTo("unauthorized");
            assertThat(anonymous.closedByBridge()).isTrue();
        }
        try (RawBridgeClient guessing = new RawBridgeClient(port)) {
            JsonObject answer = guessing.send(RawBridgeClient.ping()
                    .put("headers", new JsonObject().put("token", TOKEN + "x"))).read();
            assertThat(answer.getString("message")).isEqualTo("unauthorized");
            assertThat(guessing.closedByBridge()).isTrue();
        }
        JsonObject withToken = new JsonObject().put("token", TOKEN);
        try (RawBridgeClient service = new RawBridgeClient(port); RawBridgeClient caller = new RawBridgeClient(port)) {
            service.send(RawBridgeClient.frame("register", RECOMMENDATIONS).put("headers", withToken.copy()))
                    .send(RawBridgeClient.ping().put("headers", withToken.copy()));
            assertThat(service.readUntilPong()).isEmpty();
            caller.send(RawBridgeClient.frame("send", RECOMMENDATIONS).put("replyAddress", "c-1")
                    .put("headers", withToken.copy().put(Headers.ACTION, "recommend")).put("body", new JsonObject()));
            JsonObject request = service.read();
            assertThat(request.getJsonObject("headers").fieldNames()).contains(Headers.ACTION)
                    .doesNotContain("token");
            service.send(RawBridgeClient.frame("send", request.getString("replyAddress"))
                    .put("headers", withToken.copy()).put("body", new JsonObject().put("items", new JsonArray())));
            assertThat(caller.read().getJsonObject("body")).isEqualTo(new JsonObject().put("items", new JsonArray()));
        }
    }

    @Test
    @DisplayName("a wrong length, a 10 MB frame, broken JSON, an unknown type or a mistyped field closes that "
            + "connection after an err frame, and a connected client goes on receiving events")
    void badFrames() throws Exception {
        startBridge(null);
        try (RawBridgeClient healthy = new RawBridgeClient(port)) {
            healthy.send(RawBridgeClient.frame("register", EVENTS)).send(RawBridgeClient.ping()).readUntilPong();
            Map<String, byte[]> attacks = new java.util.LinkedHashMap<>();
            attacks.put("invalid_frame_length", lengthOnly(-1));
            attacks.put("invalid_frame_length ", lengthOnly(0));
            attacks.put("frame_too_large", withLength(10 * 1024 * 1024, "{\"type\":\"ping\"".repeat(100)));
            attacks.put("invalid_json", framed("{\"type\":\"ping\""));
            attacks.put("invalid_json ", framed("[1, 2]"));
            attacks.put("invalid_json  ", new byte[] {0, 0, 0, 4, '{', '}', (byte) 0xC0, (byte) 0xAF});
            attacks.put("unknown_type", framed("{\"type\":\"message\",\"address\":\"" + EVENTS + "\"}"));
            attacks.put("unknown_type ", framed("{\"address\":\"" + EVENTS + "\"}"));
            attacks.put("invalid_frame", framed("{\"type\":\"register\",\"address\":42}"));
            attacks.put("invalid_frame ", framed("{\"type\":\"ping\",\"headers\":{\"x\":1}}"));
            attacks.put("invalid_frame  ", framed("{\"type\":\"send\",\"address\":\"" + RECOMMENDATIONS
                    + "\",\"headers\":{\"codecName\":\"evil\"}}"));
            attacks.put("invalid_frame   ", framed("{\"type\":\"send\",\"address\":\"x\",\"failureCode\":\"500\"}"));
            for (Map.Entry<String, byte[]> attack : attacks.entrySet()) {
                try (RawBridgeClient attacker = new RawBridgeClient(port)) {
                    JsonObject answer = attacker.sendRaw(attack.getValue()).read();
                    assertThat(answer.getString("type")).as(attack.getKey()).isEqualTo("err");
                    assertThat(answer.getString("message")).as(attack.getKey()).isEqualTo(attack.getKey().strip());
                    assertThat(attacker.closedByBridge()).as(attack.getKey()).isTrue();
                }
            }
            vertx.eventBus().publish(EVENTS, new JsonObject().put("type", "product.updated"));
            assertThat(healthy.read().getJsonObject("body").getString("type")).isEqualTo("product.updated");
            assertThat(healthy.send(RawBridgeClient.ping()).readUntilPong()).isEmpty();
        }
    }

    @Test
    @DisplayName("registering twice for one address is refused with already_registered, and the connection stays")
    void duplicateRegistration() throws Exception {
        startBridge(null);
        try (RawBridgeClient client = new RawBridgeClient(port)) {
            client.send(RawBridgeClient.frame("register", RECOMMENDATIONS))
                    .send(RawBridgeClient.frame("register", RECOMMENDATIONS));
            List<JsonObject> answers = client.send(RawBridgeClient.ping()).readUntilPong();
            assertThat(answers).singleElement().satisfies(answer ->
                    assertThat(answer.getString("message")).isEqualTo("already_registered"));
        }
        // the closed connection takes its one consumer along: soon nobody serves the address any more
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status = 0;
        while (status != 503 && System.nanoTime() < deadline) {
            Throwable failure = vertx.eventBus().request(RECOMMENDATIONS, new JsonObject(),
                            new DeliveryOptions().setSendTimeout(500)).toCompletionStage()
                    .toCompletableFuture().handle((ok, error) -> error).get(10, TimeUnit.SECONDS);
            status = ServiceException.from(failure.getCause() == null ? failure : failure.getCause()).status();
        }
        assertThat(status).isEqualTo(503);
    }

    private static byte[] lengthOnly(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static byte[] withLength(int length, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(length);
        out.write(content.getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static byte[] framed(String content) throws IOException {
        return withLength(content.getBytes(StandardCharsets.UTF_8).length, content);
    }
}
