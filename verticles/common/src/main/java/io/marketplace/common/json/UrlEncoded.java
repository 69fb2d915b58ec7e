package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;

/**
 * Reads a query string or an {@code application/x-www-form-urlencoded} body into a flat object of strings.
 * Invariant: the same rules as {@link StrictJson} for text: percent escapes decode to strict UTF-8, names and values
 * are clean ({@link StrictText}), and a name given twice is refused rather than resolved silently one way or the
 * other (parameter pollution).
 */
public final class UrlEncoded {

    private UrlEncoded() {
    }

    public static JsonObject parse(String encoded) {
        JsonObject params = new JsonObject();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
            StrictText.checkKey(name, name);
            if (params.containsKey(name)) {
                throw ServiceException.invalidField(name, "'" + name + "' is given more than once");
            }
            params.put(name, StrictText.checkValue(value, name));
        }
        return params;
    }

    /**
     * Decodes a raw request path as strictly as a query: well-formed escapes, strict UTF-8, no NUL or lone
     * surrogate ({@code +} stays a plus sign in a path).
     */
    public static String decodePath(String rawPath) {
        return StrictText.checkValue(decode(rawPath, false), "path");
    }

    /**
     * Refuses a query string whose percent-escapes are malformed or decode to invalid UTF-8, as {@link #parse} would,
     * without judging its names and values: that is left to whoever reads them.
     */
    public static void checkEncoding(String encoded) {
        if (encoded != null && !encoded.isEmpty()) {
            decode(encoded, true);
        }
    }

    private static String decode(String part, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= part.length() || hex(part.charAt(i + 1)) < 0 || hex(part.charAt(i + 2)) < 0) {
                    throw malformed("Malformed percent-encoding");
                }
                bytes.write(hex(part.charAt(i + 1)) * 16 + hex(part.charAt(i + 2)));
                i += 2;
            } else if (c < 0x100) {
                // the HTTP decoder hands over the request's raw bytes one char each
                bytes.write(c);
            } else {
                throw malformed("Unexpected character in the request");
            }
        }
        String text = StrictText.decodeUtf8(bytes.toByteArray());
        if (text == null) {
            throw malformed("Percent-encoded text is not valid UTF-8");
        }
        return text;
    }

    private static ServiceException malformed(String message) {
        return new ServiceException(400, "bad_request", message);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
