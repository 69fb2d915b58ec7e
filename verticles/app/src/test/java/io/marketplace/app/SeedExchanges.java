package io.marketplace.app;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed system's recorded exchanges ({@code seed/seed-exchanges.json}): the contract of {@code API_COMPAT=seed}.
 * Read from {@code ../shared/seed/} beside the repository when it is there (the reference copy), else from the copy
 * committed under the test resources, so the tests never need a path outside the repository.
 */
final class SeedExchanges {

    private static final String FILE = "seed-exchanges.json";

    private final JsonArray exchanges;

    private SeedExchanges(JsonArray exchanges) {
        this.exchanges = exchanges;
    }

    static SeedExchanges load() {
        try {
            Path shared = repositoryRoot().resolveSibling("shared").resolve("seed").resolve(FILE);
            if (Files.isRegularFile(shared)) {
                return new SeedExchanges(new JsonArray(Files.readString(shared, StandardCharsets.UTF_8)));
            }
            try (InputStream in = SeedExchanges.class.getClassLoader().getResourceAsStream("seed/" + FILE)) {
                assertThat(in).as("test resource seed/" + FILE).isNotNull();
                return new SeedExchanges(new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding the parent pom and {@code verticles/}, from the module the tests run in. */
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("verticles"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of(System.getProperty("user.dir")).toAbsolutePath() : dir;
    }

    JsonObject exchange(String name) {
        for (Object each : exchanges) {
            JsonObject exchange = (JsonObject) each;
            if (name.equals(exchange.getString("name"))) {
                return exchange;
            }
        }
        throw new AssertionError("no exchange named " + name + " in " + FILE);
    }

    int status(String name) {
        return exchange(name).getInteger("status");
    }

    Object response(String name) {
        return exchange(name).getValue("response");
    }

    /** Our answer has the recorded status and the recorded body's shape. */
    void assertMatches(String name, int status, String body, String... opaqueFields) {
        assertThat(status).as(name + " status, body " + body).isEqualTo(status(name));
        assertSameShape(name, response(name), Json.decodeValue(body), Set.of(opaqueFields));
    }

    /**
     * The same shape: objects with exactly the same keys, values of the same JSON type (null matches any type, as the
     * seed's nullable fields are null in one exchange and set in another), arrays whose items have the shape of the
     * recorded first item. Values themselves (ids, timestamps, tokens) are generated and not compared. Fields named
     * as opaque must be present, but their contents are ours.
     */
    static void assertSameShape(String path, Object recorded, Object actual, Set<String> opaqueFields) {
        if (recorded == null || actual == null) {
            return;
        }
        assertThat(typeOf(actual)).as(path + " type of " + actual).isEqualTo(typeOf(recorded));
        if (recorded instanceof JsonObject expected) {
            JsonObject object = (JsonObject) actual;
            assertThat(object.fieldNames()).as(path + " fields").containsExactlyInAnyOrderElementsOf(
                    expected.fieldNames());
            for (String field : expected.fieldNames()) {
                if (!opaqueFields.contains(field)) {
                    assertSameShape(path + "." + field, expected.getValue(field), object.getValue(field),
                            opaqueFields);
                }
            }
        } else if (recorded instanceof JsonArray expected && !expected.isEmpty()) {
            for (Object item : (JsonArray) actual) {
                assertSameShape(path + "[]", expected.getValue(0), item, opaqueFields);
            }
        }
    }

    private static String typeOf(Object value) {
        if (value instanceof JsonObject) {
            return "object";
        }
        if (value instanceof JsonArray) {
            return "array";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "string";
    }
}
