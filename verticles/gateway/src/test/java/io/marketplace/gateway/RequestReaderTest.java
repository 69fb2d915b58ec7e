package io.marketplace.gateway;

import io.marketplace.common.auth.Jwt;
import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Services;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's one request-reading path, against echoing fake services: where input comes from per method,
 * content types, strict JSON and strict text. A refused request never reaches a service.
 */
@ExtendWith(VertxExtension.class)
class RequestReaderTest {

    private static final AtomicInteger DELIVERED = new AtomicInteger();
    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(GatewayVerticle::new)
            .verticle(Echo::new));
    private static TestPlatform platform;

    /** Echoes the bus body it received and counts deliveries. */
    public static final class Echo extends VerticleBase {
        @Override
        public Future<?> start() {
            ActionDispatcher products = new ActionDispatcher(Services.PRODUCTS);
            for (String action : List.of(Actions.Products.LIST, Actions.Products.GET, Actions.Products.CREATE,
                    Actions.Products.UPDATE)) {
                products.on(action, (body, caller) -> {
                    DELIVERED.incrementAndGet();
                    return Future.succeededFuture(new JsonObject().put("received", body));
                });
            }
            ActionDispatcher auth = new ActionDispatcher(Services.AUTH)
                    .on(Actions.Auth.LOGIN, (body, caller) -> {
                        DELIVERED.incrementAndGet();
                        return Future.succeededFuture(new JsonObject().put("received", body));
                    });
            return products.register(vertx).compose(ignored -> auth.register(vertx));
        }
    }

    private static String token() {
        return Jwt.provider(platform.vertx(), platform.config()).generateToken(new JsonObject()
                .put("sub", "vendor-1").put("roles", new JsonArray().add("vendor"))
                .put("jti", UUID.randomUUID().toString()), Jwt.signing(platform.config()));
    }

    private static HttpRequest<Buffer> post(String uri, String contentType) {
        HttpRequest<Buffer> request = platform.http().post(uri).bearerTokenAuthentication(token());
        return contentType == null ? request : request.putHeader("Content-Type", contentType);
    }

    private static JsonObject received(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(200, 299);
        return response.bodyAsJsonObject().getJsonObject("received");
    }

    /** Sends every request, then checks that none of the refused ones reached a service. */
    private static Future<List<HttpResponse<Buffer>>> refusedAll(List<Future<HttpResponse<Buffer>>> requests) {
        int before = DELIVERED.get();
        return Future.all(new ArrayList<>(requests)).map(all -> {
            assertThat(DELIVERED.get()).as("refused requests reached a service").isEqualTo(before);
            return all.list();
        });
    }

    @Test
    @DisplayName("a write reads the body and the path only: query parameters on a POST or PATCH are refused")
    void writesTakeBodyAndPath(VertxTestContext ctx) {
        Future.all(
                post("/api/products/p-1?price=0.01", "application/json").method(io.vertx.core.http.HttpMethod.PATCH)
                        .sendBuffer(Buffer.buffer("{\"description\": \"changed\"}")),
                post("/api/products?name=x&price=1&stock=1", null).send(),
                platform.http().post("/api/auth/login?email=a@b.c&password=password123").send(),
                post("/api/products", "application/json").sendBuffer(Buffer.buffer("{\"name\": \"n\", \"id\": \"x\"}")))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.resultAt(0), 400, "validation_error");
                    assertThat(all.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject().getJsonObject("error")
                            .getJsonObject("details").getString("field")).isEqualTo("price");
                    assertError(all.resultAt(1), 400, "validation_error");
                    assertError(all.resultAt(2), 400, "validation_error");
                    assertThat(received(all.resultAt(3))).isEqualTo(new JsonObject().put("name", "n").put("id", "x"));
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a read takes the query and the path, path winning, and ignores a body")
    void readsTakeQueryAndPath(VertxTestContext ctx) {
        platform.http().get("/api/products/p-1?id=spoofed&search=caf%C3%A9+noir")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"vendor_id\": \"from-body\"}"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(received(response)).isEqualTo(new JsonObject()
                            .put("id", "p-1").put("search", "café noir"));
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a JSON body needs application/json (any charset); text/plain or a form on a JSON route is 415")
    void contentTypes(VertxTestContext ctx) {
        Buffer json = Buffer.buffer("{\"name\": \"n\"}");
        refusedAll(List.of(
                post("/api/products", "text/plain").sendBuffer(json),
                post("/api/products", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("name=n")),
                post("/api/products", null).sendBuffer(json),
                post("/api/products", "application/jsonp").sendBuffer(json)))
                .compose(refused -> Future.all(
                        post("/api/products", "application/json; charset=utf-8").sendBuffer(json),
                        post("/api/products", "Application/JSON").sendBuffer(json),
                        post("/api/products", null).putHeader("Content-Length", "0").send(),
                        post("/api/products", "text/plain").send()).map(accepted -> {
                            for (HttpResponse<Buffer> response : refused) {
                                assertError(response, 415, "unsupported_media_type");
                            }
                            return accepted.<HttpResponse<Buffer>>list();
                        }))
                .onComplete(ctx.succeeding(accepted -> ctx.verify(() -> {
                    assertThat(received(accepted.get(0))).isEqualTo(new JsonObject().put("name", "n"));
                    assertThat(received(accepted.get(1))).isEqualTo(new JsonObject().put("name", "n"));
                    assertThat(received(accepted.get(2))).isEmpty();
                    assertThat(received(accepted.get(3))).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("the login form is the one form route, and its text is decoded as strictly as JSON")
    void loginForm(VertxTestContext ctx) {
        String form = "application/x-www-form-urlencoded";
        Future.all(
                platform.http().post("/api/auth/login").putHeader("Content-Type", form)
                        .sendBuffer(Buffer.buffer("username=t%C3%A9st%40example.com&password=p+w")),
                platform.http().post("/api/auth/login").putHeader("Content-Type", form)
                        .sendBuffer(Buffer.buffer("username=a%C0%AFb&password=x")),
                platform.http().post("/api/auth/login").putHeader("Content-Type", form)
                        .sendBuffer(Buffer.buffer("username=a&username=b&password=x")))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertThat(received(all.resultAt(0))).isEqualTo(new JsonObject()
                            .put("username", "tést@example.com").put("password", "p w"));
                    assertError(all.resultAt(1), 400, "bad_request");
                    assertError(all.resultAt(2), 400, "validation_error");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("comments, overlong UTF-8, lone surrogates, NUL, operator keys, deep nesting and huge exponents are 400")
    void strictBodies(VertxTestContext ctx) {
        byte[] overlong = "{\"name\": \"a\u00ff\u00ffb\"}".getBytes(StandardCharsets.ISO_8859_1);
        overlong[11] = (byte) 0xC0;
        overlong[12] = (byte) 0xAF;
        String deep = "{\"card_details\": " + "{\"a\": ".repeat(999) + "1" + "}".repeat(999) + "}";
        refusedAll(List.of(
                post("/api/products", "application/json").sendBuffer(Buffer.buffer("{\"name\": \"n\" /* c */}")),
                post("/api/products", "application/json").sendBuffer(Buffer.buffer(overlong)),
                post("/api/products", "application/json").sendBuffer(Buffer.buffer("{\"name\": \"\\ud800\"}")),
                post("/api/products", "application/json")
                        .sendBuffer(Buffer.buffer("{\"shipping_address\": {\"street\\u0000x\": \"1 Main St\"}}")),
                post("/api/products", "application/json").sendBuffer(Buffer.buffer("{\"$set\": {\"a\": 1}}")),
                post("/api/products", "application/json").sendBuffer(Buffer.buffer(deep)),
                post("/api/products", "application/json").sendBuffer(Buffer.buffer("{\"quantity\": 1e9999999}")),
                platform.http().get("/api/products?search=a%00b").send()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.get(0), 400, "malformed_json");
                    assertError(all.get(1), 400, "malformed_json");
                    for (HttpResponse<Buffer> response : all.subList(2, 7)) {
                        assertError(response, 400, "validation_error");
                    }
                    assertError(all.get(7), 400, "validation_error");
                    ctx.completeNow();
                })));
    }
}
