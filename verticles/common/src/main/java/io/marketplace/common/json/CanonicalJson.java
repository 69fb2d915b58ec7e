package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * JSON with its keys sorted at every level, so two requests that differ only in field order compare and hash equal
 * (idempotency keys, cursors bound to their query). The recursion stops at {@link StrictJson#MAX_DEPTH} levels
 * whoever built the value: the gateway refuses deeper bodies already, a bus client might not, and a deep value must
 * be a 400, never a stack overflow.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String encode(Object value) {
        return encode(value, 1);
    }

    private static String encode(Object value, int depth) {
        if (depth > StrictJson.MAX_DEPTH) {
            throw ServiceException.badRequest("The request is nested deeper than " + StrictJson.MAX_DEPTH + " levels");
        }
        if (value instanceof JsonObject object) {
            StringBuilder out = new StringBuilder("{");
            object.fieldNames().stream().sorted().forEach(name -> out.append(Json.encode(name)).append(':')
                    .append(encode(object.getValue(name), depth + 1)).append(','));
            return out.append('}').toString();
        }
        if (value instanceof JsonArray array) {
            StringBuilder out = new StringBuilder("[");
            array.forEach(item -> out.append(encode(item, depth + 1)).append(','));
            return out.append(']').toString();
        }
        return value == null ? "null" : Json.encode(value);
    }

    /** Hex SHA-256 of the canonical form. */
    public static String sha256(Object value) {
        return sha256Hex(encode(value).getBytes(StandardCharsets.UTF_8));
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
