package io.marketplace.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one JSON reader for client bodies. Invariant: a body it returns is standard JSON (RFC 8259: no comments,
 * single quotes, trailing commas, duplicate keys or trailing content), decoded from strict UTF-8, at most
 * {@value #MAX_DEPTH} levels deep, with every number within {@link BoundedNumbers}, every text value and key clean
 * ({@link StrictText}), and nothing converted before it was checked. Vert.x's own decoder is lenient (it allows
 * comments) and converts numbers eagerly, so client bodies never go through it.
 *
 * <p>Numbers come out as Vert.x's decoder would give them with {@link JsonSupport}: whole numbers as
 * {@link Integer}, {@link Long} or {@link BigInteger}, the others as {@link BigDecimal}.
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .maxNumberLength(BoundedNumbers.MAX_TEXT)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {
    }

    /** Parses a body that must be one JSON object. */
    public static JsonObject parseObject(byte[] bytes) {
        String text = StrictText.decodeUtf8(bytes);
        if (text == null) {
            throw malformed("The request body is not valid UTF-8");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("The request body must be a JSON object");
            }
            JsonObject body = readObject(parser, "", 1);
            if (parser.nextToken() != null) {
                throw malformed("The request body has content after its JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw malformed("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("The request body cannot be read");
        }
    }

    private static JsonObject readObject(JsonParser parser, String path, int depth) throws IOException {
        JsonObject object = new JsonObject();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String field = path.isEmpty() ? key : path + "." + key;
            StrictText.checkKey(key, path.isEmpty() ? key : path);
            object.put(key, readValue(parser, parser.nextToken(), field, depth));
        }
        if (token != JsonToken.END_OBJECT) {
            throw malformed("The request body is not valid JSON");
        }
        return object;
    }

    private static JsonArray readArray(JsonParser parser, String path, int depth) throws IOException {
        JsonArray array = new JsonArray();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            array.add(readValue(parser, token, path + "[" + array.size() + "]", depth));
        }
        return array;
    }

    private static Object readValue(JsonParser parser, JsonToken token, String field, int depth) throws IOException {
        if (token == null) {
            throw malformed("The request body ends too early");
        }
        return switch (token) {
            case START_OBJECT -> readObject(parser, field, deeper(depth, field));
            case START_ARRAY -> readArray(parser, field, deeper(depth, field));
            case VALUE_STRING -> StrictText.checkValue(parser.getText(), field);
            case VALUE_NUMBER_INT -> wholeNumber(BoundedNumbers.parse(parser.getText(), field));
            case VALUE_NUMBER_FLOAT -> BoundedNumbers.parse(parser.getText(), field);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw malformed("The request body is not valid JSON");
        };
    }

    private static int deeper(int depth, String field) {
        if (depth >= MAX_DEPTH) {
            throw ServiceException.invalidField(field, "The request body is nested deeper than " + MAX_DEPTH
                    + " levels");
        }
        return depth + 1;
    }

    private static Number wholeNumber(BigDecimal value) {
        BigInteger whole = value.toBigIntegerExact();
        if (whole.bitLength() < 32) {
            return whole.intValue();
        }
        if (whole.bitLength() < 64) {
            return whole.longValue();
        }
        return whole;
    }

    private static ServiceException malformed(String message) {
        return new ServiceException(400, "malformed_json", message);
    }
}
