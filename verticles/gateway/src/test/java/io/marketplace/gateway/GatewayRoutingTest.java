package io.marketplace.gateway;

import io.marketplace.common.auth.Jwt;
import io.marketplace.common.auth.RevokedTokens;
import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own mechanics, against a fake products service on the bus: body/query/path merging, caller headers,
 * token checks, and the mapping of every failure kind to status plus error body.
 */
@ExtendWith(VertxExtension.class)
class GatewayRoutingTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(GatewayVerticle::new)
            .verticle(FakeProducts::new)
            .config(ConfigKeys.BUS_TIMEOUT_MS, 500));
    private static TestPlatform platform;

    /** Echoes what it received; fails on demand; never answers "slow". */
    public static final class FakeProducts extends VerticleBase {
        @Override
        public Future<?> start() {
            return new ActionDispatcher(Services.PRODUCTS)
                    .on(Actions.Products.GET, (body, caller) -> Future.succeededFuture(new JsonObject()
                            .put("received", body)
                            .put("user_id", caller.userId())
                            .put("roles", new JsonArray(caller.roles().stream().sorted().toList()))
                            .put("request_id", caller.requestId())))
                    .on(Actions.Products.CREATE, (body, caller) -> {
                        caller.requireAnyRole("vendor");
                        return Future.succeededFuture(new JsonObject().put("price", body.getValue("price")));
                    })
                    .on(Actions.Products.UPDATE, (body, caller) -> Future.failedFuture(
                            ServiceException.conflict("insufficient_stock", "Only 2 left",
                                    new JsonObject().put("available", 2))))
                    .on(Actions.Products.LIST, (body, caller) -> Promise.<JsonObject>promise().future())
                    .on(Actions.Products.DELETE, (body, caller) -> {
                        throw new IllegalStateException("boom");
                    })
                    .register(vertx);
        }
    }

    private static String token(String role, JWTOptions options) {
        return token(role, options, new JsonObject());
    }

    private static String token(String role, JWTOptions options, JsonObject extraClaims) {
        return Jwt.provider(platform.vertx(), platform.config()).generateToken(extraClaims.copy()
                .put("sub", "user-1")
                .put("email", "u@example.com")
                .put("roles", new JsonArray().add(role))
                .put("jti", UUID.randomUUID().toString())
                .put("sid", "session-1"), options);
    }

    private static String validToken(String role) {
        return token(role, Jwt.signing(platform.config()));
    }

    @Test
    @DisplayName("path parameters win over query parameters and the caller travels in headers")
    void mergesParametersAndForwardsCaller(VertxTestContext ctx) {
        platform.http().get("/api/products/p-1?id=spoofed&skip=5")
                .putHeader("X-Request-Id", "req-123")
                .bearerTokenAuthentication(validToken("vendor"))
                .send()
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-123");
                    JsonObject body = response.bodyAsJsonObject();
                    assertThat(body.getJsonObject("received").getString("id")).isEqualTo("p-1");
                    assertThat(body.getJsonObject("received").getString("skip")).isEqualTo("5");
                    assertThat(body.getString("user_id")).isEqualTo("user-1");
                    assertThat(body.getJsonArray("roles")).containsExactly("vendor");
                    assertThat(body.getString("request_id")).isEqualTo("req-123");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a public route treats a request without a token as anonymous and invents a request id")
    void anonymousOnPublicRoute(VertxTestContext ctx) {
        platform.http().get("/api/products/p-2").send()
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.bodyAsJsonObject().getString("user_id")).isNull();
                    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a created resource answers 201 and decimals keep their two places")
    void createdKeepsDecimals(VertxTestContext ctx) {
        platform.http().post("/api/products")
                .bearerTokenAuthentication(validToken("vendor"))
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"price\": 19.90}"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
                    assertThat(response.bodyAsString()).contains("19.90");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a secured route without a token is 401 token_missing with a bare Bearer challenge")
    void missingToken(VertxTestContext ctx) {
        platform.http().post("/api/products").sendJsonObject(new JsonObject())
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertError(response, 401, "token_missing");
                    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"marketplace\"");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("expired, never-expiring, tampered, unsigned and revoked tokens are refused with 401, each with its "
            + "code and an invalid_token challenge")
    void badTokens(VertxTestContext ctx) {
        long now = System.currentTimeMillis() / 1000;
        JWTOptions noExpiry = new JWTOptions().setAlgorithm(Jwt.ALGORITHM).setIssuer(platform.config().jwtIssuer());
        String expired = token("vendor", noExpiry, new JsonObject().put("exp", now - 120).put("iat", now - 1000));
        String withoutExpiry = token("vendor", noExpiry);
        String valid = validToken("vendor");
        String[] parts = valid.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"vendor\"", "\"admin\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        String revoked = validToken("vendor");
        String revokedId = new JsonObject(new String(Base64.getUrlDecoder().decode(revoked.split("\\.")[1]),
                StandardCharsets.UTF_8)).getString("jti");
        new RevokedTokens(platform.vertx(), platform.mongo()).revoke(revokedId, System.currentTimeMillis() / 1000 + 600)
                .compose(ignored -> Future.all(
                        send(expired), send(withoutExpiry), send(tampered), send(none), send(revoked), send("not-a-jwt")))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    String[] codes = {"token_expired", "token_invalid", "token_invalid", "token_invalid",
                        "token_revoked", "token_invalid"};
                    for (int i = 0; i < all.size(); i++) {
                        HttpResponse<Buffer> response = all.resultAt(i);
                        assertThat(response.statusCode()).as("token #%d", i).isEqualTo(401);
                        assertError(response, 401, codes[i]);
                        assertThat(response.getHeader("WWW-Authenticate")).as("token #%d", i)
                                .startsWith("Bearer realm=\"marketplace\", error=\"invalid_token\", "
                                        + "error_description=\"");
                    }
                    ctx.completeNow();
                })));
    }

    private static Future<HttpResponse<Buffer>> send(String token) {
        return platform.http().post("/api/products").bearerTokenAuthentication(token)
                .sendJsonObject(new JsonObject().put("price", 1));
    }

    @Test
    @DisplayName("a service error keeps its status, code and details")
    void serviceErrorMapsOneToOne(VertxTestContext ctx) {
        platform.http().patch("/api/products/p-1").bearerTokenAuthentication(validToken("vendor"))
                .sendJsonObject(new JsonObject())
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertError(response, 409, "insufficient_stock");
                    assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                            .getInteger("available")).isEqualTo(2);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a role the service refuses is 403, a crash is a 500 without internals")
    void forbiddenAndCrash(VertxTestContext ctx) {
        Future.all(
                platform.http().post("/api/products").bearerTokenAuthentication(validToken("user"))
                        .sendJsonObject(new JsonObject()),
                platform.http().delete("/api/products/p-1").bearerTokenAuthentication(validToken("vendor")).send())
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.resultAt(0), 403, "forbidden");
                    HttpResponse<Buffer> crash = all.resultAt(1);
                    assertError(crash, 500, "internal_error");
                    assertThat(crash.bodyAsString()).doesNotContain("boom");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a service that never answers is 504, one that is not deployed is 503")
    void timeoutAndNoHandler(VertxTestContext ctx) {
        Future.all(
                platform.http().get("/api/products").send(),
                platform.http().get("/api/cart").bearerTokenAuthentication(validToken("user")).send())
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.resultAt(0), 504, "service_timeout");
                    assertError(all.resultAt(1), 503, "service_unavailable");
                    assertThat(((HttpResponse<Buffer>) all.resultAt(1)).getHeader("Retry-After")).isEqualTo("5");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("malformed JSON is 400, a JSON array body is 400, an unknown route is 404, all with the error body")
    void malformedAndUnknown(VertxTestContext ctx) {
        String token = validToken("vendor");
        Future.all(
                platform.http().post("/api/products").bearerTokenAuthentication(token)
                        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"name\": ")),
                platform.http().post("/api/products").bearerTokenAuthentication(token)
                        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1,2]")),
                platform.http().get("/api/nothing-here").send())
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.resultAt(0), 400, "malformed_json");
                    assertError(all.resultAt(1), 400, "malformed_json");
                    assertError(all.resultAt(2), 404, "not_found");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a body over 1 MiB is refused with 413 and the error body")
    void oversizedBody(VertxTestContext ctx) {
        Buffer big = Buffer.buffer("{\"name\": \"" + "x".repeat(1_100_000) + "\"}");
        platform.http().post("/api/products").bearerTokenAuthentication(validToken("vendor"))
                .putHeader("Content-Type", "application/json").sendBuffer(big)
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertError(response, 413, "payload_too_large");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("an Idempotency-Key longer than 255 characters is refused with 400")
    void idempotencyKeyTooLong(VertxTestContext ctx) {
        platform.http().get("/api/products/p-1").putHeader("Idempotency-Key", "k".repeat(256)).send()
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertError(response, 400, "validation_error");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("GET /health answers UP, with an IMF-fixdate Date and Vary on Accept-Encoding and Origin")
    void health(VertxTestContext ctx) {
        platform.http().get("/health").send()
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("UP");
                    assertThat(response.getHeader("Date"))
                            .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
                    assertThat(response.getHeader("Vary")).isEqualTo("Accept-Encoding, Origin");
                    ctx.completeNow();
                })));
    }
}
