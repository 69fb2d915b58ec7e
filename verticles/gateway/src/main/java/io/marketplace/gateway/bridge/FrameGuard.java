package io.marketplace.gateway.bridge;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.StrictJson;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads one bridge connection's bytes before the library's frame parser does, because that parser trusts them: it
 * buffers whatever length a frame claims, and a frame with a negative length, an unknown type or a header that is
 * not text throws inside it and leaves the connection stuck. Invariant: a frame reaches the bridge only if its
 * length is 2 to {@value #MAX_FRAME_BYTES} bytes, it is a strict JSON object ({@link StrictJson}) of a known type
 * whose fields have the protocol's types, and it carries the shared token when one is configured. Anything else
 * gets one {@code err} frame and the connection is closed; other connections never notice. The token is removed
 * before the frame goes on, so the secret never travels on the bus.
 */
final class FrameGuard implements Handler<Buffer> {

    /** The largest frame a client may send, the same bound as an HTTP body at the gateway. */
    static final int MAX_FRAME_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);
    private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");
    /** Delivery options the library reads from headers: not for clients (a codec name or local-only flag). */
    private static final Set<String> RESERVED_HEADERS = Set.of("timeout", "localOnly", "codecName");

    private final NetSocket socket;
    private final BridgeToken token;
    /** Addresses this connection registered: a second registration would leak a consumer the library never closes. */
    private final Set<String> registered = new HashSet<>();
    private Handler<Buffer> bridge;
    private Buffer pending = Buffer.buffer();
    private boolean closed;

    FrameGuard(NetSocket socket, BridgeToken token) {
        this.socket = socket;
        this.token = token;
    }

    /** The library's parser for this connection: it receives only admitted frames, re-encoded. */
    void feed(Handler<Buffer> parser) {
        this.bridge = parser;
    }

    @Override
    public void handle(Buffer chunk) {
        if (closed) {
            return;
        }
        pending.appendBuffer(chunk);
        while (!closed && pending.length() >= 4) {
            int length = pending.getInt(0);
            if (length < 2) {
                refuse("invalid_frame_length", "a frame is a 4-byte big-endian length and a JSON object; got length "
                        + length);
                return;
            }
            if (length > MAX_FRAME_BYTES) {
                refuse("frame_too_large", "frames are at most " + MAX_FRAME_BYTES + " bytes; got length " + length);
                return;
            }
            if (pending.length() < 4 + length) {
                return;
            }
            byte[] frame = pending.getBytes(4, 4 + length);
            pending = pending.getBuffer(4 + length, pending.length());
            try {
                admit(frame);
            } catch (RuntimeException e) {
                // whatever this frame broke (here or in the library), the connection must not be left half-read
                LOG.warn("Bridge frame from {} could not be handled", socket.remoteAddress(), e);
                refuse("invalid_frame", "the frame could not be handled");
            }
        }
    }

    /** Closes the connection after one {@code err} frame naming what was wrong. */
    void refuse(String code, String detail) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Bridge connection from {} refused: {} ({})", socket.remoteAddress(), code, detail);
        socket.write(encode(new JsonObject().put("type", "err").put("message", code).put("detail", detail)));
        socket.close();
    }

    private void admit(byte[] bytes) {
        JsonObject frame;
        try {
            frame = StrictJson.parseObject(bytes);
        } catch (ServiceException e) {
            refuse("invalid_json", e.getMessage());
            return;
        }
        String problem = problemWith(frame);
        if (problem != null) {
            boolean knownType = frame.getValue("type") instanceof String type && TYPES.contains(type);
            refuse(knownType ? "invalid_frame" : "unknown_type", problem);
            return;
        }
        JsonObject headers = frame.getJsonObject("headers");
        if (!token.admits(headers == null ? null : headers.getString(BridgeToken.HEADER))) {
            refuse("unauthorized", "every frame must carry the bridge token in headers." + BridgeToken.HEADER);
            return;
        }
        if (headers != null) {
            headers.remove(BridgeToken.HEADER);
        }
        String type = frame.getString("type");
        String address = frame.getString("address");
        if ("register".equals(type) && address != null && !registered.add(address)) {
            socket.write(encode(new JsonObject().put("type", "err").put("message", "already_registered")
                    .put("detail", "this connection already receives " + address)));
            return;
        }
        if ("unregister".equals(type)) {
            registered.remove(address);
        }
        bridge.handle(encode(frame));
    }

    /** What makes this frame unreadable for the bridge, or null when its fields have the protocol's types. */
    private static String problemWith(JsonObject frame) {
        if (!(frame.getValue("type") instanceof String type) || !TYPES.contains(type)) {
            return "type must be one of " + String.join(", ", TYPES.stream().sorted().toList());
        }
        for (String field : new String[] {"address", "replyAddress", "message"}) {
            Object value = frame.getValue(field);
            if (value != null && !(value instanceof String)) {
                return field + " must be a string";
            }
        }
        Object failureCode = frame.getValue("failureCode");
        if (failureCode != null && !(failureCode instanceof Integer)) {
            return "failureCode must be an integer";
        }
        Object headers = frame.getValue("headers");
        if (headers == null) {
            return null;
        }
        if (!(headers instanceof JsonObject object)) {
            return "headers must be an object";
        }
        for (Map.Entry<String, Object> header : object) {
            if (RESERVED_HEADERS.contains(header.getKey())) {
                return "header " + header.getKey() + " is reserved";
            }
            if (!(header.getValue() instanceof String)) {
                return "header " + header.getKey() + " must be a string";
            }
        }
        return null;
    }

    static Buffer encode(JsonObject frame) {
        byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(json.length + 4).appendInt(json.length).appendBytes(json);
    }
}
