package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Invariant: text that reaches a service is exactly the text the client sent, so what a 2xx acknowledges is what
 * is stored. Bytes are decoded as strict UTF-8 (overlong forms, encoded surrogates and code points above U+10FFFF
 * are errors, never replaced), and decoded text may hold neither NUL nor a lone surrogate, which could not be
 * stored or echoed back unchanged. Client-chosen keys are also refused with {@code $} or {@code .}, which MongoDB
 * reads as operators and paths.
 */
public final class StrictText {

    private StrictText() {
    }

    /** Decodes strict UTF-8; null when the bytes are not valid UTF-8. */
    public static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Refuses a text value holding NUL or a lone surrogate (possible through a JSON escape). */
    public static String checkValue(String text, String field) {
        String problem = problemOf(text);
        if (problem != null) {
            throw ServiceException.invalidField(field, "'" + field + "' " + problem);
        }
        return text;
    }

    /** Refuses a key the client chose that MongoDB would read as an operator or a path, or that is not clean text. */
    public static String checkKey(String key, String path) {
        String problem = problemOf(key);
        if (problem == null && (key.indexOf('$') >= 0 || key.indexOf('.') >= 0)) {
            problem = "must not contain '$' or '.'";
        }
        if (problem != null) {
            throw ServiceException.invalidField(path, "The key " + printable(key) + " of '" + path + "' " + problem);
        }
        return key;
    }

    /** Why the text is refused, or null when it is clean. */
    static String problemOf(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain NUL characters";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain a lone surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain a lone surrogate";
            }
        }
        return null;
    }

    private static String printable(String key) {
        StringBuilder out = new StringBuilder("\"");
        key.codePoints().limit(40).forEach(cp -> {
            if (cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
