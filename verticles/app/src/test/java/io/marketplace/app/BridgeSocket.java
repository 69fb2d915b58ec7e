package io.marketplace.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A browser's connection to the gateway's event-bus bridge, over SockJS's raw websocket endpoint
 * ({@code /eventbus/websocket}): the bridge's JSON frames as text messages, every frame received kept in order.
 */
final class BridgeSocket {

    private static final long WAIT_MILLIS = 10_000;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final WebSocket socket;
    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();

    private BridgeSocket(Vertx vertx, WebSocketClient client, WebSocket socket) {
        this.vertx = vertx;
        this.client = client;
        this.socket = socket;
        // the bridge writes its own frames as binary messages on the raw endpoint, the hook's refusals as text
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.binaryMessageHandler(bytes -> frames.add(new JsonObject(bytes)));
    }

    /**
     * The client is kept with the socket and closed with it: Vert.x closes a client once nothing references it, so
     * a client dropped after {@code connect} could be collected mid-handshake ("Connection closed", seen in CI).
     */
    static Future<BridgeSocket> open(Vertx vertx, int port) {
        WebSocketClient client = vertx.createWebSocketClient();
        return client.connect(port, "localhost", "/eventbus/websocket")
                .map(socket -> new BridgeSocket(vertx, client, socket))
                .onFailure(failed -> client.close());
    }

    Future<Void> send(JsonObject frame) {
        return socket.writeTextMessage(frame.encode());
    }

    /** A register frame, with the access token in its headers when not null. */
    Future<Void> register(String address, String token) {
        JsonObject frame = new JsonObject().put("type", "register").put("address", address);
        if (token != null) {
            frame.put("headers", new JsonObject().put("token", token));
        }
        return send(frame);
    }

    List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    /**
     * The bridge's refusals, each naming its address and code. The SockJS bridge library follows every refusal of
     * its event hook with a generic {@code {"type": "err", "body": "rejected"}}, which this leaves out.
     */
    List<JsonObject> refusals() {
        return frames.stream().filter(frame -> "err".equals(frame.getString("type"))
                && !"rejected".equals(frame.getValue("body"))).toList();
    }

    /** The library's generic refusal frames, one per refusal. */
    long genericRejections() {
        return frames.stream().filter(frame -> "err".equals(frame.getString("type"))
                && "rejected".equals(frame.getValue("body"))).count();
    }

    /** The events received ({@code rec} frames' bodies) on an address. */
    List<JsonObject> events(String address) {
        return frames.stream().filter(frame -> "rec".equals(frame.getString("type"))
                && address.equals(frame.getString("address"))).map(frame -> frame.getJsonObject("body")).toList();
    }

    /** Completes once a frame matching the predicate has arrived; fails after 10 s. */
    Future<JsonObject> await(Predicate<JsonObject> predicate) {
        Promise<JsonObject> found = Promise.promise();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        vertx.setPeriodic(20, timer -> {
            JsonObject match;
            try {
                match = frames.stream().filter(predicate).findFirst().orElse(null);
            } catch (RuntimeException e) {
                vertx.cancelTimer(timer);
                found.tryFail(new AssertionError("Unreadable frame among " + frames, e));
                return;
            }
            if (match != null) {
                vertx.cancelTimer(timer);
                found.tryComplete(match);
            } else if (System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(timer);
                found.tryFail(new AssertionError("No such frame within " + WAIT_MILLIS + " ms; got " + frames));
            }
        });
        return found.future();
    }

    /** An event of this type about this aggregate ({@code data.id}). */
    static Predicate<JsonObject> event(String type, String aggregateId) {
        return frame -> type.equals(eventType(frame)) && aggregateId.equals(eventData(frame).getString("id"));
    }

    /** A payment event about this order. */
    static Predicate<JsonObject> paymentOf(String type, String orderId) {
        return frame -> type.equals(eventType(frame)) && orderId.equals(eventData(frame).getString("order_id"));
    }

    /** The event type of a {@code rec} frame carrying an event envelope, else null. */
    private static String eventType(JsonObject frame) {
        return "rec".equals(frame.getString("type")) && frame.getValue("body") instanceof JsonObject body
                && body.getValue("data") instanceof JsonObject ? body.getString("type") : null;
    }

    private static JsonObject eventData(JsonObject frame) {
        return frame.getJsonObject("body").getJsonObject("data");
    }

    Future<Void> close() {
        return socket.close().eventually(client::close);
    }
}
