package io.marketplace.gateway.events;

import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.gateway.JwtFilter;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SockJS event-bus bridge for browsers at {@code /eventbus}. Invariant: a socket receives another user's order or
 * payment event never, and its own only while the access token it registered with is valid (unexpired, not
 * revoked). One socket is one user: the first accepted token binds it. Public product events need no token; nothing
 * goes from a browser onto the bus ({@link BrowserBridgePermits}).
 */
public final class BrowserBridge implements Handler<BridgeEvent> {

    public static final String PATH = "/eventbus";
    /** The register frame's header carrying the access token. */
    public static final String TOKEN_HEADER = "token";
    /** A browser only registers, so its frames are small. */
    public static final long MAX_FRAME_BYTES = 64 * 1024;

    private final JwtFilter tokens;
    private final Map<SockJSSocket, Caller> viewers = new ConcurrentHashMap<>();

    private BrowserBridge(JwtFilter tokens) {
        this.tokens = tokens;
    }

    /** The SockJS router to mount at {@code /eventbus/*}. */
    public static Router router(Vertx vertx, JwtFilter tokens) {
        return SockJSHandler.create(vertx, new SockJSHandlerOptions())
                .bridge(BrowserBridgePermits.options(), new BrowserBridge(tokens));
    }

    @Override
    public void handle(BridgeEvent event) {
        BridgeEventType type = event.type();
        switch (type) {
            case SEND, PUBLISH -> deny(event);
            case REGISTER -> register(event);
            case RECEIVE -> event.complete(mayReceive(event.socket(), event.getRawMessage()));
            case SOCKET_CLOSED -> {
                viewers.remove(event.socket());
                event.complete(true);
            }
            default -> event.complete(true);
        }
    }

    /** Public addresses need nothing; own-events ones a valid token of the socket's user; any other is refused. */
    private void register(BridgeEvent event) {
        JsonObject frame = event.getRawMessage();
        String address = frame.getString("address");
        if (BrowserBridgePermits.isPublic(address)) {
            event.complete(true);
            return;
        }
        if (!BrowserBridgePermits.isOwnEvents(address)) {
            deny(event);
            return;
        }
        JsonObject headers = frame.getValue("headers") instanceof JsonObject object ? object : new JsonObject();
        if (!(headers.getValue(TOKEN_HEADER) instanceof String token) || token.isBlank()) {
            refuse(event, address, "token_missing", "Registering " + address + " needs the access token in "
                    + "headers." + TOKEN_HEADER);
            return;
        }
        SockJSSocket socket = event.socket();
        tokens.verify(token, "eventbus").onComplete(verified -> {
            if (verified.failed()) {
                ServiceException problem = ServiceException.from(verified.cause());
                refuse(event, address, problem.status() == 401 ? problem.code() : "token_invalid",
                        problem.getMessage());
                return;
            }
            Caller caller = verified.result();
            Caller bound = viewers.putIfAbsent(socket, caller);
            if (bound != null && !bound.userId().equals(caller.userId())) {
                refuse(event, address, "token_user_changed", "This connection belongs to another user");
                return;
            }
            if (bound != null) {
                viewers.put(socket, caller);
            }
            event.complete(true);
        });
    }

    /** Public events go to everyone; own events only to their user's socket while its token holds. */
    private boolean mayReceive(SockJSSocket socket, JsonObject frame) {
        String address = frame.getString("address");
        if (BrowserBridgePermits.isPublic(address)) {
            return true;
        }
        Caller viewer = viewers.get(socket);
        if (viewer == null || !BrowserBridgePermits.isOwnEvents(address) || !tokens.stillValid(viewer)) {
            return false;
        }
        JsonObject data = frame.getValue("body") instanceof JsonObject body
                && body.getValue("data") instanceof JsonObject object ? object : null;
        return data != null && viewer.userId().equals(data.getString("user_id"));
    }

    /** Refuses a frame no permit allows, telling the client (a refusal by this hook is otherwise silent). */
    private static void deny(BridgeEvent event) {
        String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
        event.socket().write(new JsonObject().put("type", "err").put("address", address).put("body", "access_denied")
                .encode());
        event.complete(false);
    }

    /** Tells the client which register failed and why, in the frame the client library hands to its handler. */
    private static void refuse(BridgeEvent event, String address, String code, String message) {
        event.socket().write(new JsonObject().put("type", "err").put("address", address).put("body", code)
                .put("failureCode", 401).put("failureType", code).put("message", message).encode());
        event.complete(false);
    }
}
