package io.marketplace.common.bus;

import io.marketplace.common.json.CanonicalJson;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * A reply already encoded as JSON text, with its entity tag: what a service hands the gateway for an answer it keeps
 * encoded (a catalog page), so neither side encodes, copies or digests it again per request. On the bus it travels
 * as a {@code String}, which the local bus passes without copying, and the tag as the {@link Headers#ENTITY_TAG}
 * header. It is JSON on the bus all the same: any client can parse it.
 *
 * <p>Invariant: {@code tag} is {@link #tagOf} of the UTF-8 bytes of {@code json}, the tag the gateway gives any list
 * page it encodes itself.
 */
public record JsonText(String json, String tag) {

    public static JsonText of(JsonObject value) {
        String json = value.encode();
        return new JsonText(json, tagOf(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A weak entity tag from a digest of the bytes: equal bodies, equal tags. */
    public static String tagOf(byte[] body) {
        return "W/\"p" + CanonicalJson.sha256Hex(body).substring(0, 24) + "\"";
    }
}
