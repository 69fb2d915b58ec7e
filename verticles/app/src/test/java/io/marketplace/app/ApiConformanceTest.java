package io.marketplace.app;

import io.marketplace.common.metrics.Observability;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole platform against its published description: the seed's journey runs through the gateway, every real
 * response is validated against openapi.yaml, and the requests it sends are validated by an OpenAPI request
 * validator too. Ends with the metrics the journey produced.
 */
@ExtendWith(VertxExtension.class)
class ApiConformanceTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(WholePlatform.withRecommendations())
            .withVertxOptions(Observability.withMetrics(new VertxOptions()));
    private static Vertx vertx;
    private static TestPlatform platform;
    private static OpenAPIContract contract;
    private static ResponseValidator responses;
    private static HttpServer requestChecker;
    private static WebClient checkerClient;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start(VertxTestContext ctx) throws Exception {
        Map<String, Object> spec;
        try (InputStream in = ApiConformanceTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            spec = new Yaml().load(in);
        }
        OpenAPIContract.from(vertx, ServedDocument.withoutUnvalidatedMedia(new JsonObject(spec)))
                .compose(loaded -> {
                    contract = loaded;
                    responses = ResponseValidator.create(vertx, loaded);
                    RequestValidator requests = RequestValidator.create(vertx, loaded);
                    return vertx.createHttpServer().requestHandler(request -> {
                        requests.validate(request, request.getHeader("X-Operation")).onComplete(result ->
                                request.response().setStatusCode(result.succeeded() ? 204 : 422)
                                        .end(result.succeeded() ? "" : String.valueOf(result.cause().getMessage())));
                    }).listen(0, "127.0.0.1");
                })
                .onComplete(ctx.succeeding(server -> {
                    requestChecker = server;
                    checkerClient = WebClient.create(vertx);
                    ctx.completeNow();
                }));
    }

    @AfterAll
    static void stop(VertxTestContext ctx) {
        requestChecker.close().onComplete(ctx.succeedingThenComplete());
    }

    /** The response (body and documented headers) must match the document for this operation and status. */
    private static Future<HttpResponse<Buffer>> conforms(String operationId, int status,
                                                          Future<HttpResponse<Buffer>> call) {
        return call.compose(response -> {
            assertThat(response.statusCode()).as(operationId + ": " + response.bodyAsString()).isEqualTo(status);
            String type = response.getHeader("Content-Type");
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
            // vertx-openapi cannot decode a header value holding quotes (RFC 6750's realm="...", an entity tag's
            // W/"7"): their presence is checked here, their exact text by HttpConventionsTest and HttpCachingTest.
            for (String quoted : List.of("WWW-Authenticate", "ETag")) {
                headers.computeIfPresent(quoted, (name, value) -> value.replace("\"", ""));
            }
            ValidatableResponse validatable = ValidatableResponse.create(response.statusCode(), headers,
                    response.body(), type == null ? null : type.split(";")[0]);
            return responses.validate(validatable, operationId)
                    .recover(failure -> Future.failedFuture(new AssertionError(operationId + " response does not "
                            + "match openapi.yaml: " + failure.getMessage() + " in " + response.bodyAsString())))
                    .map(response);
        });
    }

    /** The request (same method, path, headers and body the test sends the gateway) must match the document. */
    private static Future<Void> validRequest(String operationId, HttpRequest<Buffer> request, Object body) {
        HttpRequest<Buffer> copy = checkerClient.request(request.method(), requestChecker.actualPort(), "127.0.0.1",
                request.uri()).putHeader("X-Operation", operationId);
        copy.putHeaders(request.headers());
        Future<HttpResponse<Buffer>> sent = body instanceof JsonObject json ? copy.sendJsonObject(json)
                : body instanceof MultiMap form ? copy.sendForm(form) : copy.send();
        return sent.compose(checked -> checked.statusCode() == 204 ? Future.succeededFuture()
                : Future.failedFuture(new AssertionError(operationId + " request does not match openapi.yaml: "
                        + checked.bodyAsString())));
    }

    private static Future<HttpResponse<Buffer>> send(String operationId, int status, HttpRequest<Buffer> request,
                                                     Object body) {
        return validRequest(operationId, request, body).compose(ok -> conforms(operationId, status,
                body instanceof JsonObject json ? request.sendJsonObject(json)
                        : body instanceof MultiMap form ? request.sendForm(form) : request.send()));
    }

    @Test
    @DisplayName("the seed journey's requests and responses (and the vendor's sales) all match openapi.yaml, and the "
            + "metrics count it")
    void journeyConforms(VertxTestContext ctx) {
        String email = Users.uniqueEmail("conformance");
        AtomicReference<String> token = new AtomicReference<>();
        AtomicReference<String> productId = new AtomicReference<>();
        AtomicReference<String> orderId = new AtomicReference<>();
        AtomicReference<String> paymentId = new AtomicReference<>();
        AtomicReference<String> vendorToken = new AtomicReference<>();
        platform.users().vendor()
                .onSuccess(vendor -> vendorToken.set(vendor.accessToken()))
                .compose(vendor -> send("createProduct", 201, platform.http().post("/api/products")
                        .bearerTokenAuthentication(vendor.accessToken()), new JsonObject().put("name", "Atlas")
                        .put("description", "Maps").put("price", new BigDecimal("30.00")).put("stock", 4)
                        .put("category", "books")))
                .compose(product -> {
                    productId.set(product.bodyAsJsonObject().getString("id"));
                    return send("register", 201, platform.http().post("/api/auth/register"), new JsonObject()
                            .put("email", email).put("password", "password123").put("full_name", "Buyer")
                            .put("role", "user"));
                })
                .compose(registered -> send("login", 200, platform.http().post("/api/auth/login"),
                        new JsonObject().put("email", email).put("password", "password123")))
                .compose(login -> {
                    token.set(login.bodyAsJsonObject().getString("access_token"));
                    return send("getMe", 200, platform.http().get("/api/auth/users/me")
                            .bearerTokenAuthentication(token.get()), null);
                })
                .compose(me -> send("listProducts", 200, platform.http().get("/api/products?category=books&limit=5"),
                        null))
                .compose(list -> send("getProduct", 200, platform.http().get("/api/products/" + productId.get()),
                        null))
                .compose(product -> send("getProduct", 404, platform.http().get("/api/products/nope"), null))
                .compose(missing -> send("listCategories", 200, platform.http().get("/api/categories"), null))
                .compose(categories -> send("addToCart", 200, platform.http().post("/api/cart/items")
                        .bearerTokenAuthentication(token.get()), new JsonObject().put("product_id", productId.get())
                        .put("quantity", 2)))
                .compose(cart -> send("addToCart", 400, platform.http().post("/api/cart/items")
                        .bearerTokenAuthentication(token.get()), new JsonObject().put("product_id", productId.get())
                        .put("quantity", 0)).recover(failure -> failure.getMessage().contains("request does not match")
                        ? conforms("addToCart", 400, platform.http().post("/api/cart/items")
                        .bearerTokenAuthentication(token.get()).sendJsonObject(new JsonObject()
                                .put("product_id", productId.get()).put("quantity", 0)))
                        : Future.failedFuture(failure)))
                .compose(bad -> send("getCart", 200, platform.http().get("/api/cart")
                        .bearerTokenAuthentication(token.get()), null))
                .compose(cart -> send("createOrder", 201, platform.http().post("/api/orders")
                        .bearerTokenAuthentication(token.get()), null))
                .compose(order -> {
                    orderId.set(order.bodyAsJsonObject().getString("id"));
                    return send("getOrder", 200, platform.http().get("/api/orders/" + orderId.get())
                            .bearerTokenAuthentication(token.get()), null);
                })
                .compose(order -> send("listOrders", 200, platform.http().get("/api/orders")
                        .bearerTokenAuthentication(token.get()), null))
                .compose(orders -> send("processPayment", 201, platform.http().post("/api/payments/process")
                        .bearerTokenAuthentication(token.get()).putHeader("Idempotency-Key", "conformance-1"),
                        new JsonObject().put("order_id", orderId.get()).put("payment_method", "credit_card")
                                .put("card_details", new JsonObject())))
                .compose(paid -> {
                    paymentId.set(paid.bodyAsJsonObject().getString("id"));
                    return send("listMyPayments", 200, platform.http().get("/api/payments/user")
                            .bearerTokenAuthentication(token.get()), null);
                })
                .compose(history -> send("getPayment", 200, platform.http().get("/api/payments/" + paymentId.get())
                        .bearerTokenAuthentication(token.get()), null))
                .compose(payment -> send("listOrderPayments", 200, platform.http()
                        .get("/api/payments/order/" + orderId.get()).bearerTokenAuthentication(token.get()), null))
                .compose(payments -> send("listSales", 200, platform.http().get("/api/vendor/orders?status=paid")
                        .bearerTokenAuthentication(vendorToken.get()), null))
                .compose(sales -> {
                    ctx.verify(() -> assertThat(sales.bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
                            .getString("id")).isEqualTo(orderId.get()));
                    return send("listSales", 403, platform.http().get("/api/vendor/orders")
                            .bearerTokenAuthentication(token.get()), null);
                })
                .compose(refused -> send("getMe", 401, platform.http().get("/api/auth/users/me"), null))
                .compose(anonymous -> send("readiness", 200, platform.http().get("/health/ready"), null))
                .compose(ready -> platform.http().get("/metrics").send())
                .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
                    String text = metrics.bodyAsString();
                    assertThat(text).contains("vertx_http_server_requests_total");
                    assertThat(text).containsPattern("marketplace_checkouts_total\\{outcome=\"created\"} [1-9]");
                    assertThat(text).containsPattern("marketplace_payments_total\\{status=\"succeeded\"} [1-9]");
                    assertThat(text).containsPattern("marketplace_users_registered_total\\{role=\"user\"} [1-9]");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("the validator is strict: a product without its price, or a bad request body, is rejected")
    void validatorCatchesMismatches(VertxTestContext ctx) {
        Buffer broken = new JsonObject().put("id", "p-1").put("name", "No price").toBuffer();
        responses.validate(ValidatableResponse.create(200, broken, "application/json"), "getProduct")
                .transform(result -> {
                    ctx.verify(() -> assertThat(result.failed()).as("response without price").isTrue());
                    return validRequest("createProduct", platform.http().post("/api/products"),
                            new JsonObject().put("name", "x").put("price", "free"));
                })
                .onComplete(result -> ctx.verify(() -> {
                    assertThat(result.failed()).as("request with a string price").isTrue();
                    assertThat(result.cause().getMessage()).contains("does not match openapi.yaml");
                    ctx.completeNow();
                }));
    }
}
