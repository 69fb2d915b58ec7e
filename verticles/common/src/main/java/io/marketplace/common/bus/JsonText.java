package io.marketplace.common.bus;

import io.marketplace.common.json.CanonicalJson;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * A reply already encoded as JSON text, with its validators: what a service hands the gateway for an answer it keeps
 * encoded (a catalog page, a product), so neither side encodes, copies or digests it again per request. On the bus it
 * travels as a {@code String}, which the local bus passes without copying, the tag as the {@link Headers#ENTITY_TAG}
 * header and the last modification as {@link Headers#LAST_MODIFIED}. It is JSON on the bus all the same: any client
 * can parse it.
 *
 * <p>Invariant: the validators are those the gateway gives the same answer as a JSON object: a list page's tag is
 * {@link #tagOf} of the UTF-8 bytes of {@code json} and it has no {@code lastModified}; a resource's tag is
 * {@link #versionTag} of its {@code version} and {@code lastModified} the HTTP date of its {@code updated_at}
 * ({@link #ofResource}).
 */
public record JsonText(String json, String tag, String lastModified) {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** A list page: tagged by a digest of its text. */
    public static JsonText of(JsonObject value) {
        String json = value.encode();
        return new JsonText(json, tagOf(json.getBytes(StandardCharsets.UTF_8)), null);
    }

    /** One resource: tagged by its version (a digest when it has none), dated by its {@code updated_at}. */
    public static JsonText ofResource(JsonObject value) {
        String json = value.encode();
        return new JsonText(json, resourceTag(value, () -> json.getBytes(StandardCharsets.UTF_8)),
                lastModifiedOf(value));
    }

    /**
     * A resource's entity tag: {@link #versionTag} of its {@code version}, or a digest of its encoded bytes when it
     * has none (none should lack one); the bytes are only produced then.
     */
    public static String resourceTag(JsonObject resource, Supplier<byte[]> encoded) {
        return resource.getValue("version") instanceof Number version
                ? versionTag(version.longValue())
                : tagOf(encoded.get());
    }

    /** A weak entity tag from a digest of the bytes: equal bodies, equal tags. */
    public static String tagOf(byte[] body) {
        return "W/\"p" + CanonicalJson.sha256Hex(body).substring(0, 24) + "\"";
    }

    /** A resource's weak entity tag: its version, which its service raises on every write. */
    public static String versionTag(long version) {
        return "W/\"" + version + "\"";
    }

    /** The HTTP date (RFC 9110 §5.6.7) of a resource's {@code updated_at}, or null when it has none. */
    public static String lastModifiedOf(JsonObject resource) {
        if (!(resource.getValue("updated_at") instanceof String updatedAt)) {
            return null;
        }
        try {
            return HTTP_DATE.format(Instant.parse(updatedAt));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
