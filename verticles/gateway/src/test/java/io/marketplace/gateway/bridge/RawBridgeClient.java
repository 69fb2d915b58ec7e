package io.marketplace.gateway.bridge;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bridge client over a plain blocking socket, so tests can also send what no real client library would. */
final class RawBridgeClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawBridgeClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    RawBridgeClient send(JsonObject frame) throws IOException {
        byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
        out.writeInt(json.length);
        out.write(json);
        out.flush();
        return this;
    }

    RawBridgeClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next frame from the bridge; fails when none arrives within 5 s. */
    JsonObject read() throws IOException {
        int length = in.readInt();
        byte[] json = new byte[length];
        in.readFully(json);
        return new JsonObject(new String(json, StandardCharsets.UTF_8));
    }

    /** Frames until {@code pong}: every frame the bridge wrote before answering this ping. */
    java.util.List<JsonObject> readUntilPong() throws IOException {
        java.util.List<JsonObject> frames = new java.util.ArrayList<>();
        for (JsonObject frame = read(); !"pong".equals(frame.getString("type")); frame = read()) {
            frames.add(frame);
        }
        return frames;
    }

    /** True when the bridge closed the connection (end of stream) rather than leaving it silent. */
    boolean closedByBridge() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain anything written before the close
            }
            return true;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return "Connection reset".equals(e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static JsonObject frame(String type, String address) {
        JsonObject frame = new JsonObject().put("type", type);
        return address == null ? frame : frame.put("address", address);
    }

    static JsonObject ping() {
        return frame("ping", null);
    }
}
