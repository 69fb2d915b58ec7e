package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    private static JsonObject parse(String json) {
        return StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(byte[] body, String code) {
        assertThatThrownBy(() -> StrictJson.parseObject(body))
                .as(new String(body, StandardCharsets.ISO_8859_1))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(code);
                });
    }

    private static void assertRefused(String body, String code) {
        assertRefused(body.getBytes(StandardCharsets.UTF_8), code);
    }

    @Test
    @DisplayName("standard JSON comes out with the value types of Vert.x's decoder: int, long, big integer, decimal")
    void readsStandardJson() {
        JsonObject body = parse("{\"a\": 1, \"b\": 12345678901, \"c\": 123456789012345678901234567890,"
                + " \"d\": 19.90, \"e\": 1e3, \"f\": [true, null, \"x\"], \"g\": {\"h\": \"é😀\"}}");
        assertThat(body.getValue("a")).isEqualTo(1);
        assertThat(body.getValue("b")).isEqualTo(12345678901L);
        assertThat(body.getValue("c")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(body.getValue("d")).isEqualTo(new BigDecimal("19.90"));
        assertThat(body.getValue("e")).isEqualTo(new BigDecimal("1e3"));
        assertThat(body.getJsonArray("f").getList()).containsExactly(true, null, "x");
        assertThat(body.getJsonObject("g").getString("h")).isEqualTo("é😀");
    }

    @Test
    @DisplayName("a huge exponent or too many digits is a validation error naming the field, refused at once")
    void refusesUnboundedNumbers() {
        long started = System.nanoTime();
        for (String number : List.of("1e9999999", "1e29999999", "-1E+31", "1e-31", "0.0000000000000000000000000000001",
                "1234567890123456789012345678901", "1.234567890123456789012345678901", "1e99999999999999999999")) {
            assertThatThrownBy(() -> parse("{\"quantity\": " + number + "}")).as(number)
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.code()).isEqualTo("validation_error");
                        assertThat(((JsonObject) e.details()).getString("field")).isEqualTo("quantity");
                    });
        }
        assertThat(System.nanoTime() - started).as("refusals must not convert the numbers").isLessThan(2_000_000_000L);
        assertThat(parse("{\"q\": 1e30}").getValue("q")).isEqualTo(new BigDecimal("1e30"));
        assertThat(parse("{\"q\": 123456789012345678901234567890}").getValue("q")).isInstanceOf(BigInteger.class);
    }

    @Test
    @DisplayName("depth 32 is read, depth 33 is a 400 without recursing further")
    void boundsDepth() {
        assertThat(parse("{\"a\":".repeat(31) + "{}" + "}".repeat(31))).isNotNull();
        assertRefused("{\"a\":".repeat(32) + "{}" + "}".repeat(32), "validation_error");
        assertRefused("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "validation_error");
    }

    @Test
    @DisplayName("comments, single quotes, trailing commas, duplicate keys, NaN and trailing content are malformed")
    void onlyStandardJson() {
        for (String bad : List.of("{\"a\": 1 /* c */}", "{\"a\": 1} // c", "{'a': 1}", "{\"a\": 1,}",
                "{\"a\": [1,]}", "{\"a\": 1, \"a\": 2}", "{\"a\": NaN}", "{\"a\": 01}", "{} {}", "{}x",
                "[1]", "\"text\"", "{\"a\": 1")) {
            assertRefused(bad, "malformed_json");
        }
    }

    @Test
    @DisplayName("overlong UTF-8, encoded surrogates, code points over U+10FFFF and lone surrogate escapes are refused")
    void strictUtf8() {
        byte[] prefix = "{\"name\": \"".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\"}".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xFF})) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            assertRefused(body, "malformed_json");
        }
        assertRefused("{\"name\": \"a\\ud800b\"}", "validation_error");
        assertRefused("{\"name\": \"\\udc00\"}", "validation_error");
        assertRefused("{\"name\": \"a\\u0000b\"}", "validation_error");
        assertThat(parse("{\"name\": \"\\ud83d\\ude00\"}").getString("name")).isEqualTo("😀");
    }

    @Test
    @DisplayName("keys with NUL, '$' or '.' are refused at any depth, naming where they are")
    void refusesOperatorKeys() {
        for (String bad : List.of("{\"shipping_address\": {\"street\\u0000x\": \"1\"}}", "{\"$where\": 1}",
                "{\"a\": {\"b.c\": 1}}", "{\"a\": [{\"$gt\": 1}]}")) {
            assertRefused(bad, "validation_error");
        }
        assertThatThrownBy(() -> parse("{\"shipping_address\": {\"street\\u0000x\": \"1\"}}"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(((JsonObject) e.details())
                        .getString("field")).isEqualTo("shipping_address"));
    }

    @Test
    @DisplayName("query strings and forms decode strictly: bad escapes, invalid UTF-8, NUL and repeated names are 400; "
            + "the encoding alone can be checked")
    void urlEncoded() {
        assertThat(UrlEncoded.parse("a=1&b=x+y&c=%C3%A9&d")).isEqualTo(new JsonObject()
                .put("a", "1").put("b", "x y").put("c", "é").put("d", ""));
        for (String bad : List.of("a=%zz", "a=%C0%AF", "a=%ED%A0%80", "a=x%00y", "a=1&a=2", "%24where=1", "a=%")) {
            assertThatThrownBy(() -> UrlEncoded.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        for (String badEncoding : List.of("a=%zz", "skip=%", "a=%C0%AF", "a=%ED%A0%80", "x=1&%C3=2")) {
            assertThatThrownBy(() -> UrlEncoded.checkEncoding(badEncoding)).as(badEncoding)
                    .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo("bad_request"));
        }
        // Names and values are left to their reader: only the encoding is checked.
        UrlEncoded.checkEncoding("a=1&a=2&%24where=1&b=x+y&c=%C3%A9");
        UrlEncoded.checkEncoding(null);
    }

    @Test
    @DisplayName("numbers in query strings and bus bodies are bounded before conversion, also through Input")
    void boundedInput() {
        assertThat(BoundedNumbers.parse("+007", "limit")).isEqualTo(new BigDecimal("7"));
        assertThat(Input.optionalInt(new JsonObject().put("limit", "1e1"), "limit", 1, 100, 20)).isEqualTo(10);
        for (Object bad : List.of("1e9999999", "1e29999999", new BigDecimal("1e9999999"),
                new BigInteger("1".repeat(200)), "1".repeat(65), "1e", "--1", "0x10", "NaN", Double.NaN)) {
            assertThatThrownBy(() -> Input.optionalInt(new JsonObject().put("limit", bad), "limit", 1, 100, 20))
                    .as(String.valueOf(bad).length() > 40 ? "long" : String.valueOf(bad))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.code()).isEqualTo("validation_error");
                        assertThat(((JsonObject) e.details()).getString("field")).isEqualTo("limit");
                    });
        }
        assertThatThrownBy(() -> Input.requiredLong(new JsonObject().put("q", "1.5"), "q", 0, 10))
                .hasMessageContaining("whole number");
        assertThat(Input.requiredLong(new JsonObject().put("q", new BigDecimal("2.000")), "q", 0, 10)).isEqualTo(2);
    }
}
