package io.marketplace.app;

import io.marketplace.app.OpenApiOperations.Operation;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded fuzzing of the whole platform from its own description: requests are generated from openapi.yaml (every
 * operation, its query parameters and body properties), some valid, most mutated (hostile numbers, wrong types,
 * deep nesting, operator keys, broken UTF-8 and JSON, wrong content types, unknown ids, every kind of caller).
 * For every request: never a 5xx; a refusal carries the error body; and after a refusal nothing stored has changed.
 *
 * <p>Refusals are 400, 401, 403, 404, 405, 413, 415 and 422. A 402 (a declined charge is recorded) and a 409 (a
 * failed checkout is kept for audit) are business outcomes with documented records, and the idempotency store keeps
 * client errors on purpose so a retry replays them; those are left out of the "nothing changed" rule.
 */
class ApiFuzzTest {

    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 405, 413, 415, 422);
    /** Idempotency stores of payments and of checkout: both keep client errors so that a retry replays them. */
    private static final Set<String> UNWATCHED = Set.of("idempotency_keys", "checkout_idempotency_keys");
    /** Revoking the fixtures' tokens would leave the rest of the run unauthenticated. */
    private static final Set<String> SKIPPED = Set.of("POST /api/auth/logout");

    private static Vertx vertx;
    private static TestPlatform platform;
    private static List<Operation> operations;
    private static Map<String, String> tokens;
    private static List<String> ids;

    @BeforeContainer
    static void start() throws Exception {
        vertx = Vertx.vertx();
        platform = await(WholePlatform.withRecommendations()
                .config(ConfigKeys.PAYMENT_SUCCESS_RATE, 0.5)
                .config(ConfigKeys.PAYMENT_SEED, 11)
                .config(ConfigKeys.RATE_LIMIT_PER_MINUTE, 1_000_000)
                .config(ConfigKeys.RESERVATION_RECOVERY_SECONDS, 3600)
                .start(vertx));
        Session vendor = await(platform.users().vendor());
        Session user = await(platform.users().user());
        Session admin = await(platform.users().admin());
        tokens = Map.of("vendor", vendor.accessToken(), "user", user.accessToken(), "admin", admin.accessToken(),
                "forged", vendor.accessToken().substring(0, vendor.accessToken().length() - 3) + "abc");
        HttpResponse<Buffer> product = await(platform.http().post("/api/products")
                .bearerTokenAuthentication(vendor.accessToken())
                .sendJsonObject(new JsonObject().put("name", "Fuzz target").put("price", new BigDecimal("2.50"))
                        .put("stock", 50)));
        String productId = product.bodyAsJsonObject().getString("id");
        await(platform.http().post("/api/cart/items").bearerTokenAuthentication(user.accessToken())
                .sendJsonObject(new JsonObject().put("product_id", productId).put("quantity", 1)));
        HttpResponse<Buffer> order = await(platform.http().post("/api/orders").bearerTokenAuthentication(
                user.accessToken()).putHeader("Content-Length", "0").send());
        ids = List.of(productId, order.bodyAsJsonObject().getString("id"), user.userId(), vendor.userId(),
                "000000000000000000000000");
        operations = OpenApiOperations.load().stream().filter(op -> !SKIPPED.contains(op.toString())).toList();
    }

    @AfterContainer
    static void stop() throws Exception {
        await(platform.close());
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One generated request. */
    record FuzzRequest(Operation operation, String caller, List<String> pathValues, Map<String, String> query,
                       Map<String, Object> body, String bodyMutation, String contentType, boolean idempotencyKey) {
    }

    /**
     * A fixed seed keeps CI deterministic: a random run that finds a new defect must not turn an unrelated change
     * red. Explore by removing the seed (or changing it) locally; jqwik prints the seed and the shrunk sample.
     */
    @Property(tries = 300, seed = "-1509561736609408193")
    void neverAServerErrorAndRefusalsChangeNothing(@ForAll("requests") FuzzRequest request) throws Exception {
        String before = await(snapshot());
        HttpResponse<Buffer> response = await(send(request));
        int status = response.statusCode();
        String context = request + " -> " + status + " " + response.bodyAsString();
        assertThat(status).as(context).isLessThan(500);
        if (status >= 400) {
            assertThat(response.getHeader("Content-Type")).as(context).startsWith("application/json");
            JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
            assertThat(error).as(context).isNotNull();
            assertThat(error.getString("code")).as(context).isNotBlank();
            assertThat(error.getString("message")).as(context).isNotBlank();
        }
        if (REFUSALS.contains(status)) {
            assertThat(await(snapshot())).as("stored state after " + context).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        return Arbitraries.of(operations).flatMap(op -> Combinators.combine(
                Arbitraries.of("none", "user", "vendor", "admin", "forged").withoutEdgeCases(),
                pathValue().list().ofSize(op.pathParams().size()),
                query(op),
                body(op),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.just("none")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of("comment", "trailing_comma", "overlong_utf8",
                                "lone_surrogate", "truncated", "array", "empty", "deep", "duplicate_key"))),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(8, Arbitraries.just("application/json")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of("text/plain", "", "application/x-www-form-urlencoded",
                                "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x"))),
                Arbitraries.of(true, false))
                .as((caller, path, query, body, mutation, type, key) ->
                        new FuzzRequest(op, caller, path, query, body, mutation, type, key)));
    }

    private static Arbitrary<String> pathValue() {
        return Arbitraries.oneOf(
                Arbitraries.of(ids),
                Arbitraries.of("%zz", "%C0%AF", "a%00b", "%24where", "..", "process", "me", "1e9999999",
                        "%F0%9F%98%80", "%ED%A0%80", "x".repeat(300)),
                Arbitraries.strings().ofMaxLength(30).map(ApiFuzzTest::encode));
    }

    private static Arbitrary<Map<String, String>> query(Operation op) {
        if (!op.method().equals("get") || op.query().isEmpty()) {
            return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, Arbitraries.just(Map.of())),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Map.of("price", "0.01"))));
        }
        List<String> names = new ArrayList<>(op.query().keySet());
        return Arbitraries.of(names).list().uniqueElements().ofMaxSize(names.size())
                .flatMap(chosen -> {
                    List<Arbitrary<String>> values = chosen.stream()
                            .map(name -> queryValue(op.query().get(name))).toList();
                    return Combinators.combine(values).as(list -> {
                        Map<String, String> query = new LinkedHashMap<>();
                        for (int i = 0; i < chosen.size(); i++) {
                            query.put(chosen.get(i), list.get(i));
                        }
                        return query;
                    });
                });
    }

    private static Arbitrary<String> queryValue(Map<String, Object> schema) {
        Arbitrary<String> valid = switch (String.valueOf(schema.get("type"))) {
            case "integer" -> Arbitraries.integers().between(0, 120).map(String::valueOf);
            case "number" -> Arbitraries.of("0", "1.50", "19.99", "100");
            case "boolean" -> Arbitraries.of("true", "false");
            default -> schema.get("enum") instanceof List<?> values
                    ? Arbitraries.of(values.stream().map(String::valueOf).toList())
                    : Arbitraries.strings().alpha().ofMaxLength(12);
        };
        Arbitrary<String> hostile = Arbitraries.of("1e9999999", "1e29999999", "-1", "1.5", "abc", "",
                "123456789012345678901234567890123", "%00", "%C0%AF", "%zz", "NaN", "0x10", "true", ".*", "%24ne");
        return Arbitraries.oneOf(valid, hostile);
    }

    private static Arbitrary<Map<String, Object>> body(Operation op) {
        List<String> names = new ArrayList<>(op.bodyProperties().keySet());
        names.addAll(List.of("$where", "a.b", "role", "vendor_id", "_id", "amount", "status"));
        return Arbitraries.of(names).list().uniqueElements().ofMaxSize(Math.min(names.size(), 8))
                .flatMap(chosen -> {
                    List<Arbitrary<Object>> values = chosen.stream()
                            .map(name -> bodyValue(op.bodyProperties().getOrDefault(name, Map.of()))).toList();
                    return Combinators.combine(values).as(list -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        for (int i = 0; i < chosen.size(); i++) {
                            body.put(chosen.get(i), list.get(i));
                        }
                        return body;
                    });
                });
    }

    private static Arbitrary<Object> bodyValue(Map<String, Object> schema) {
        Arbitrary<Object> valid = switch (String.valueOf(schema.get("type"))) {
            case "integer" -> Arbitraries.integers().between(-2, 1200).map(Object.class::cast);
            case "number" -> Arbitraries.of(new BigDecimal("1.00"), new BigDecimal("19.99"), BigDecimal.ZERO);
            case "boolean" -> Arbitraries.of(true, false);
            case "object" -> Arbitraries.of(new JsonObject(), new JsonObject().put("street", "1 Main St"));
            default -> schema.get("enum") instanceof List<?> values
                    ? Arbitraries.of(new ArrayList<Object>(values))
                    : Arbitraries.of(ids.get(0), ids.get(1), "fuzz@example.com", "password123", "Fuzz name",
                            "credit_card", "shipped", "vendor");
        };
        Arbitrary<Object> hostile = Arbitraries.of(new BigDecimal("1e9999999"), new BigDecimal("1e-9999"),
                new java.math.BigInteger("123456789012345678901234567890123"), -1, 0, 2147483648L, "", "x".repeat(6000),
                "a\u0000b", "😀\u202Eעברית\u200B", true, new JsonArray().add(1), new JsonObject().put("$gt", ""),
                new JsonObject().put("street\u0000x", "1"), new JsonObject().put("a", new JsonObject().put("b", 1)));
        return Arbitraries.oneOf(valid, hostile, Arbitraries.just(null));
    }

    private static Future<HttpResponse<Buffer>> send(FuzzRequest request) {
        Operation op = request.operation();
        String path = op.path();
        for (int i = 0; i < op.pathParams().size(); i++) {
            path = path.replace("{" + op.pathParams().get(i) + "}", request.pathValues().get(i));
        }
        StringBuilder uri = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> param : request.query().entrySet()) {
            uri.append(separator).append(encode(param.getKey())).append('=').append(param.getValue());
            separator = '&';
        }
        HttpRequest<Buffer> http = platform.http().request(HttpMethod.valueOf(op.method().toUpperCase()),
                uri.toString());
        if (!request.caller().equals("none")) {
            http.bearerTokenAuthentication(tokens.get(request.caller()));
        }
        if (request.idempotencyKey()) {
            http.putHeader("Idempotency-Key", "fuzz-" + Math.abs(request.body().hashCode() % 5));
        }
        if (op.method().equals("get") || op.method().equals("delete") && request.body().isEmpty()) {
            return http.send();
        }
        if (!request.contentType().isEmpty()) {
            http.putHeader("Content-Type", request.contentType());
        }
        return http.sendBuffer(Buffer.buffer(mutate(new JsonObject(request.body()).encode(), request.bodyMutation())));
    }

    private static byte[] mutate(String json, String mutation) {
        String text = switch (mutation) {
            case "comment" -> json.replaceFirst("\\{", "{/* c */");
            case "trailing_comma" -> json.length() > 2 ? json.substring(0, json.length() - 1) + ",}" : "{,}";
            case "lone_surrogate" -> "{\"name\": \"\\ud800\", " + json.substring(1);
            case "truncated" -> json.substring(0, json.length() / 2);
            case "array" -> "[" + json + "]";
            case "empty" -> "";
            case "deep" -> "{\"card_details\": " + "{\"a\": ".repeat(40) + "1" + "}".repeat(40) + "}";
            case "duplicate_key" -> "{\"name\": \"a\", \"name\": \"b\"}";
            default -> json;
        };
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (mutation.equals("overlong_utf8") && bytes.length > 2) {
            byte[] broken = new byte[bytes.length + 2];
            System.arraycopy(bytes, 0, broken, 0, bytes.length - 1);
            broken[bytes.length - 1] = (byte) 0xC0;
            broken[bytes.length] = (byte) 0xAF;
            broken[bytes.length + 1] = bytes[bytes.length - 1];
            return broken;
        }
        return bytes;
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    /** Every watched collection, each document in _id order: equal strings mean nothing stored has changed. */
    private static Future<String> snapshot() {
        return platform.mongo().getCollections().compose(names -> {
            List<Future<String>> dumps = new ArrayList<>();
            for (String name : names.stream().filter(n -> !UNWATCHED.contains(n)).sorted().toList()) {
                dumps.add(platform.mongo().findWithOptions(name, new JsonObject(),
                                new FindOptions().setSort(new JsonObject().put("_id", 1)))
                        .map(docs -> name + "=" + new JsonArray(new ArrayList<>(docs)).encode()));
            }
            return Future.all(new ArrayList<>(dumps)).map(all -> String.join("\n", all.<String>list()));
        });
    }
}
