package io.marketplace.app;

import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.ApiRoute;
import io.marketplace.gateway.RouteTable;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route table against RFC 9110 and RFC 6750, over real HTTP through the whole platform: every GET answers HEAD,
 * every known path answers another method with 405 and the right {@code Allow}, every 201 has a {@code Location}
 * that GETs what the 201 showed (timestamps included), every 401 carries {@code WWW-Authenticate}; plus the
 * multi-field validation report and CORS from an allowed, a disallowed and the same origin.
 */
@ExtendWith(VertxExtension.class)
class HttpConventionsTest {

    static final String ALLOWED_ORIGIN = "https://shop.example.com";
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE);

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(WholePlatform.withRecommendations()
            .config(ConfigKeys.CORS_ORIGINS, ALLOWED_ORIGIN));
    private static TestPlatform platform;
    private static Session vendor;
    private static Session buyer;
    private static Session admin;
    /** Responses of the five creations, by the operation that created them. */
    private static final Map<String, Creation> CREATED = new LinkedHashMap<>();

    @BeforeAll
    static void start(VertxTestContext ctx) {
        Future.all(platform.users().vendor(), platform.users().admin())
                .compose(sessions -> {
                    vendor = sessions.resultAt(0);
                    admin = sessions.resultAt(1);
                    return createEveryKind();
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    /**
     * One resource of each kind a POST creates (account, product, category, order, payment), each read back from
     * its {@code Location} at once, before anything else changes it.
     */
    private static Future<Void> createEveryKind() {
        String email = io.marketplace.testkit.Users.uniqueEmail("conventions");
        return platform.http().post("/api/auth/register").sendJsonObject(new JsonObject().put("email", email)
                        .put("password", TestPlatform.PASSWORD).put("full_name", "Buyer"))
                .compose(registered -> platform.users().login(email, TestPlatform.PASSWORD).compose(tokens -> {
                    buyer = new Session(registered.bodyAsJsonObject().getString("id"), email,
                            tokens.getString("access_token"), tokens.getString("refresh_token"));
                    return readBack("register", registered, buyer.accessToken());
                }))
                .compose(ignored -> platform.http().post("/api/products")
                        .bearerTokenAuthentication(vendor.accessToken())
                        .sendJsonObject(new JsonObject().put("name", "Atlas").put("price", 30).put("stock", 5)
                                .put("category", "Maps")))
                .compose(product -> readBack("createProduct", product, null))
                .compose(ignored -> platform.http().post("/api/categories")
                        .bearerTokenAuthentication(admin.accessToken())
                        .sendJsonObject(new JsonObject().put("name", "Sea Charts").put("description", "Wet")))
                .compose(category -> readBack("createCategory", category, null))
                .compose(ignored -> platform.http().post("/api/cart/items")
                        .bearerTokenAuthentication(buyer.accessToken())
                        .sendJsonObject(new JsonObject().put("product_id", productId()).put("quantity", 1)))
                .compose(cart -> platform.http().post("/api/orders").bearerTokenAuthentication(buyer.accessToken())
                        .send())
                .compose(order -> readBack("createOrder", order, buyer.accessToken()))
                .compose(ignored -> platform.http().post("/api/payments/process")
                        .bearerTokenAuthentication(buyer.accessToken())
                        .sendJsonObject(new JsonObject().put("order_id", orderId())
                                .put("payment_method", "credit_card")))
                .compose(payment -> readBack("processPayment", payment, buyer.accessToken()));
    }

    private static Future<Void> readBack(String operation, HttpResponse<Buffer> created, String token) {
        String location = created.getHeader("Location");
        if (created.statusCode() != 201 || location == null) {
            return Future.failedFuture(operation + " answered " + created.statusCode() + " with Location "
                    + location + ": " + created.bodyAsString());
        }
        return request(HttpMethod.GET, location, token).send()
                .map(read -> {
                    CREATED.put(operation, new Creation(created, read));
                    return null;
                });
    }

    /** A 201 and what a GET of its {@code Location} answered right after. */
    private record Creation(HttpResponse<Buffer> created, HttpResponse<Buffer> read) {
    }

    private static String productId() {
        return CREATED.get("createProduct").created().bodyAsJsonObject().getString("id");
    }

    private static String orderId() {
        return CREATED.get("createOrder").created().bodyAsJsonObject().getString("id");
    }

    /** A concrete URI for a route path: each parameter filled with a resource the buyer may read. */
    private static String concrete(String path) {
        Map<String, String> values = Map.of(
                "/api/auth/users/:id", buyer.userId(),
                "/api/categories/:name", "maps",
                "/api/payments/order/:order_id", orderId(),
                "/api/payments/:id", CREATED.get("processPayment").created().bodyAsJsonObject().getString("id"),
                "/api/orders/:id", orderId());
        String value = values.getOrDefault(path, productId());
        return path.replaceAll(":\\w+", value);
    }

    private static HttpRequest<Buffer> request(HttpMethod method, String uri, String token) {
        HttpRequest<Buffer> request = platform.http().request(method, uri);
        return token == null ? request : request.bearerTokenAuthentication(token);
    }

    /** Runs the calls one after another (the platform is shared; order keeps failures readable). */
    private static <T> Future<List<T>> sequence(List<T> items, Function<T, Future<?>> call) {
        Future<Void> chain = Future.succeededFuture();
        for (T item : items) {
            chain = chain.compose(ignored -> call.apply(item)).mapEmpty();
        }
        return chain.map(items);
    }

    @Test
    @DisplayName("every GET route answers HEAD with the same status and headers, the GET's Content-Length, and no body")
    void headOnEveryGet(VertxTestContext ctx) {
        List<String> paths = new ArrayList<>(RouteTable.all().stream()
                .filter(route -> route.method() == HttpMethod.GET).map(ApiRoute::path).toList());
        paths.addAll(List.of("/health", "/openapi.yaml", "/docs", "/metrics"));
        sequence(paths, path -> {
            String uri = concrete(path);
            // A vendor's sales are the one read a buyer may not make.
            String token = path.startsWith("/api/vendor/") ? vendor.accessToken() : buyer.accessToken();
            return Future.all(request(HttpMethod.GET, uri, token).send(),
                    request(HttpMethod.HEAD, uri, token).send()).map(both -> {
                        HttpResponse<Buffer> get = both.resultAt(0);
                        HttpResponse<Buffer> head = both.resultAt(1);
                        ctx.verify(() -> {
                            if (!path.equals("/metrics")) {
                                assertThat(get.statusCode()).as("GET %s: %s", uri, get.bodyAsString()).isEqualTo(200);
                            }
                            assertThat(head.statusCode()).as("HEAD %s", uri).isEqualTo(get.statusCode());
                            assertThat(head.body()).as("HEAD %s body", uri).isNull();
                            assertThat(head.getHeader("Content-Type")).as("HEAD %s", uri)
                                    .isEqualTo(get.getHeader("Content-Type"));
                            assertThat(head.getHeader("Date")).isNotBlank();
                            if (!path.equals("/metrics")) {
                                assertThat(head.getHeader("Content-Length")).as("HEAD %s Content-Length", uri)
                                        .isEqualTo(String.valueOf(get.body().length()));
                            }
                        });
                        return null;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("every known path answers an unrouted method with 405 and Allow, and a plain OPTIONS with 204 and Allow")
    void methodNotAllowedEverywhere(VertxTestContext ctx) {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (ApiRoute route : RouteTable.all()) {
            Set<String> methods = allowed.computeIfAbsent(route.path(), path -> new TreeSet<>(Set.of("OPTIONS")));
            methods.add(route.method().name());
            if (route.method() == HttpMethod.GET) {
                methods.add("HEAD");
            }
        }
        sequence(new ArrayList<>(allowed.keySet()), path -> {
            String uri = concrete(path);
            String allow = String.join(", ", allowed.get(path));
            HttpMethod other = METHODS.stream().filter(method -> !allowed.get(path).contains(method.name()))
                    .findFirst().orElseThrow();
            return Future.all(request(other, uri, buyer.accessToken()).send(),
                    request(HttpMethod.OPTIONS, uri, null).send()).map(both -> {
                        ctx.verify(() -> {
                            HttpResponse<Buffer> refused = both.resultAt(0);
                            assertError(refused, 405, "method_not_allowed");
                            assertThat(refused.getHeader("Allow")).as("%s %s", other, path).isEqualTo(allow);
                            HttpResponse<Buffer> options = both.resultAt(1);
                            assertThat(options.statusCode()).as("OPTIONS %s", path).isEqualTo(204);
                            assertThat(options.getHeader("Allow")).as("OPTIONS %s", path).isEqualTo(allow);
                        });
                        return null;
                    });
        }).compose(done -> platform.http().get("/api/payments/process").bearerTokenAuthentication(buyer.accessToken())
                        .send())
                .onComplete(ctx.succeeding(process -> ctx.verify(() -> {
                    assertError(process, 405, "method_not_allowed");
                    assertThat(process.getHeader("Allow")).isEqualTo("OPTIONS, POST");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("every 201 has a Location whose GET returns exactly the created body, timestamps included")
    void locationOfEveryCreation() {
        assertThat(CREATED.keySet()).containsExactly("register", "createProduct", "createCategory", "createOrder",
                "processPayment");
        CREATED.forEach((operation, creation) -> {
            assertThat(creation.created().getHeader("Location")).as(operation).startsWith("/api/");
            assertThat(creation.read().statusCode()).as("GET %s: %s", creation.created().getHeader("Location"),
                    creation.read().bodyAsString()).isEqualTo(200);
            assertThat(creation.read().bodyAsJsonObject()).as(operation)
                    .isEqualTo(creation.created().bodyAsJsonObject());
            assertTimestamps(creation.created().bodyAsJsonObject(), operation);
        });
        assertThat(CREATED.get("createProduct").created().getHeader("Location")).isEqualTo("/api/products/"
                + productId());
        assertThat(CREATED.get("createCategory").created().getHeader("Location"))
                .isEqualTo("/api/categories/Sea%20Charts");
    }

    @Test
    @DisplayName("/api/auth/verify shows its expiry in the one timestamp format")
    void verifyTimestamp(VertxTestContext ctx) {
        platform.http().get("/api/auth/verify").bearerTokenAuthentication(vendor.accessToken()).send()
                .onComplete(ctx.succeeding(verify -> ctx.verify(() -> {
                    assertThat(verify.statusCode()).isEqualTo(200);
                    assertThat(verify.bodyAsJsonObject().getString("expires_at")).matches(TIMESTAMP);
                    ctx.completeNow();
                })));
    }

    private static void assertTimestamps(JsonObject body, String what) {
        for (String field : List.of("created_at", "updated_at", "expires_at")) {
            if (body.getValue(field) != null) {
                assertThat(body.getString(field)).as("%s %s", what, field).matches(TIMESTAMP);
            }
        }
    }

    @Test
    @DisplayName("every secured route answers 401 with a Bearer challenge: bare without a token, invalid_token with one")
    void challengeOnEvery401(VertxTestContext ctx) {
        List<ApiRoute> secured = RouteTable.all().stream()
                .filter(route -> route.access() == ApiRoute.Access.AUTHENTICATED).toList();
        sequence(secured, route -> Future.all(
                request(route.method(), concrete(route.path()), null).send(),
                request(route.method(), concrete(route.path()), "not.a.token").send())
                .map(both -> {
                    ctx.verify(() -> {
                        HttpResponse<Buffer> missing = both.resultAt(0);
                        assertError(missing, 401, "token_missing");
                        assertThat(missing.getHeader("WWW-Authenticate")).as(route.path())
                                .isEqualTo("Bearer realm=\"marketplace\"");
                        HttpResponse<Buffer> invalid = both.resultAt(1);
                        assertError(invalid, 401, "token_invalid");
                        assertThat(invalid.getHeader("WWW-Authenticate")).as(route.path())
                                .startsWith("Bearer realm=\"marketplace\", error=\"invalid_token\", error_description=");
                    });
                    return null;
                }))
                .compose(done -> platform.http().post("/api/auth/login").sendJsonObject(new JsonObject()
                        .put("email", buyer.email()).put("password", "wrong-password")))
                .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
                    assertError(login, 401, "invalid_credentials");
                    assertThat(login.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"marketplace\"");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a product with four invalid fields is one 400 naming all four, and nothing is stored")
    void everyInvalidFieldReported(VertxTestContext ctx) {
        platform.users().vendor().compose(seller -> platform.http().post("/api/products")
                        .bearerTokenAuthentication(seller.accessToken())
                        .sendJsonObject(new JsonObject().put("price", -1).put("stock", -5).put("category", 123))
                        .compose(response -> platform.mongo().count("products", new JsonObject()
                                .put("vendor_id", seller.userId())).map(stored -> {
                                    ctx.verify(() -> {
                                        assertError(response, 400, "validation_error");
                                        JsonObject details = response.bodyAsJsonObject().getJsonObject("error")
                                                .getJsonObject("details");
                                        assertThat(details.getString("field")).isEqualTo("name");
                                        JsonArray errors = details.getJsonArray("errors");
                                        assertThat(errors.stream().map(error -> ((JsonObject) error)
                                                .getString("field"))).containsExactly("name", "price", "category",
                                                "stock");
                                        assertThat(errors.stream().map(error -> ((JsonObject) error)
                                                .getString("code"))).containsExactly("required", "negative",
                                                "not_a_string", "out_of_range");
                                        errors.forEach(error -> assertThat(((JsonObject) error)
                                                .getString("message")).isNotBlank());
                                        assertThat(stored).isZero();
                                    });
                                    return null;
                                })))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("an undecodable path or query is 400 with the error body, never 500, with or without a token")
    void undecodablePath(VertxTestContext ctx) {
        Future.all(List.of(platform.http().get("/api/products/%zz").send(),
                        platform.http().get("/api/products/%C3%28").send(),
                        platform.http().get("/api/products/" + productId() + "?skip=%zz").send(),
                        platform.http().get("/api/payments/order/" + orderId() + "?page=0&skip=%zz").send(),
                        platform.http().get("/api/orders/" + orderId() + "?x=%C3%28")
                                .bearerTokenAuthentication(buyer.accessToken()).send(),
                        platform.http().get("/api/products?search=%zz").send()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    for (int i = 0; i < all.size(); i++) {
                        assertError(all.resultAt(i), 400, "bad_request");
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("CORS: an allowed origin gets its headers and Vary, a disallowed or the same origin is served "
            + "without CORS headers, never refused")
    void cors(VertxTestContext ctx) {
        String sameOrigin = "http://127.0.0.1:" + platform.port();
        JsonObject product = new JsonObject().put("name", "Globe").put("price", 12).put("stock", 1);
        Future.all(List.of(
                        platform.http().get("/api/products").putHeader("Origin", ALLOWED_ORIGIN).send(),
                        platform.http().request(HttpMethod.OPTIONS, "/api/products").putHeader("Origin", ALLOWED_ORIGIN)
                                .putHeader("Access-Control-Request-Method", "POST").send(),
                        platform.http().post("/api/products").putHeader("Origin", "https://evil.example")
                                .bearerTokenAuthentication(vendor.accessToken()).sendJsonObject(product),
                        platform.http().request(HttpMethod.OPTIONS, "/api/products")
                                .putHeader("Origin", "https://evil.example")
                                .putHeader("Access-Control-Request-Method", "POST").send(),
                        platform.http().post("/api/products").putHeader("Origin", sameOrigin)
                                .bearerTokenAuthentication(vendor.accessToken()).sendJsonObject(product)))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    HttpResponse<Buffer> allowed = all.resultAt(0);
                    assertThat(allowed.statusCode()).isEqualTo(200);
                    assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
                    assertThat(allowed.getHeader("Access-Control-Expose-Headers")).contains("Location", "Retry-After");
                    assertThat(allowed.getHeader("Vary")).contains("Origin", "Accept-Encoding");
                    HttpResponse<Buffer> preflight = all.resultAt(1);
                    assertThat(preflight.statusCode()).isEqualTo(204);
                    assertThat(preflight.getHeader("Access-Control-Allow-Methods")).contains("POST");
                    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
                    HttpResponse<Buffer> foreign = all.resultAt(2);
                    assertThat(foreign.statusCode()).as(foreign.bodyAsString()).isEqualTo(201);
                    assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
                    assertThat(foreign.getHeader("Vary")).contains("Origin");
                    HttpResponse<Buffer> foreignPreflight = all.resultAt(3);
                    assertThat(foreignPreflight.statusCode()).isEqualTo(204);
                    assertThat(foreignPreflight.getHeader("Access-Control-Allow-Origin")).isNull();
                    assertThat(foreignPreflight.getHeader("Access-Control-Allow-Methods")).isNull();
                    HttpResponse<Buffer> same = all.resultAt(4);
                    assertThat(same.statusCode()).as(same.bodyAsString()).isEqualTo(201);
                    assertThat(same.getHeader("Access-Control-Allow-Origin")).isNull();
                    ctx.completeNow();
                })));
    }
}
