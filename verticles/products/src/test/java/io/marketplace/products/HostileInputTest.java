package io.marketplace.products;

import io.marketplace.auth.AuthVerticle;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog under hostile input: numbers built to burn CPU, counters pushed past their bounds, and unicode that
 * must come back exactly as it was sent.
 */
@ExtendWith(VertxExtension.class)
class HostileInputTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(AuthVerticle::new)
            .verticle(ProductsVerticle::new)
            .verticle(GatewayVerticle::new)).withVendor();
    private static TestPlatform platform;
    private static Session vendor;

    private static Future<JsonObject> product(String name, int stock) {
        return platform.http().post("/api/products").bearerTokenAuthentication(vendor.accessToken())
                .sendJsonObject(new JsonObject().put("name", name).put("price", new BigDecimal("5.00"))
                        .put("stock", stock))
                .map(response -> {
                    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
                    return response.bodyAsJsonObject();
                });
    }

    private static Future<JsonObject> stored(String id) {
        return platform.mongo().findOne("products", new JsonObject().put("_id", id), null);
    }

    private static Future<HttpResponse<Buffer>> raw(String method, String uri, String json) {
        return platform.http().request(io.vertx.core.http.HttpMethod.valueOf(method), uri)
                .bearerTokenAuthentication(vendor.accessToken())
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(json));
    }

    @Test
    @DisplayName("huge exponents in a query, a body and a stock delta are 400 at once, and a read meanwhile is served")
    void exponentsDoNotHoldTheEventLoop(VertxTestContext ctx) {
        product("Exponent target", 5).compose(created -> {
            String id = created.getString("id");
            long started = System.nanoTime();
            List<Future<HttpResponse<Buffer>>> hostile = new ArrayList<>();
            hostile.add(platform.http().get("/api/products?limit=1e29999999").send());
            hostile.add(platform.http().get("/api/products?skip=1e9999999").send());
            hostile.add(raw("POST", "/api/products", "{\"name\": \"x\", \"price\": 1, \"stock\": 1e29999999}"));
            hostile.add(raw("PATCH", "/api/products/" + id + "/stock", "{\"delta\": 1e9999999}"));
            hostile.add(raw("PATCH", "/api/products/" + id, "{\"price\": 1e-9999999}"));
            Future<Long> concurrentRead = platform.http().get("/api/products/" + id).send().map(response -> {
                assertThat(response.statusCode()).isEqualTo(200);
                return System.nanoTime() - started;
            });
            return Future.all(new ArrayList<>(hostile)).compose(all -> concurrentRead.map(readNanos -> {
                for (HttpResponse<Buffer> response : all.<HttpResponse<Buffer>>list()) {
                    assertError(response, 400, "validation_error");
                }
                // generous: before the fix this read waited behind seconds of exact-integer conversions
                assertThat(TimeUnit.NANOSECONDS.toMillis(readNanos)).as("concurrent read latency ms")
                        .isLessThan(3_000);
                return id;
            })).compose(HostileInputTest::stored);
        }).onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
            assertThat(doc.getInteger("stock")).isEqualTo(5);
            assertThat(doc.getLong("price_cents")).isEqualTo(500L);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("restocking past 1,000,000 units is 409 stock_limit and changes nothing; no amount of restocks wraps")
    void stockHasAnUpperBound(VertxTestContext ctx) {
        product("Bounded stock", 999_000).compose(created -> {
            String id = created.getString("id");
            String uri = "/api/products/" + id + "/stock";
            return raw("PATCH", uri, "{\"delta\": 1000}")
                    .compose(exact -> {
                        ctx.verify(() -> assertThat(exact.bodyAsJsonObject().getInteger("stock")).isEqualTo(1_000_000));
                        return Future.all(raw("PATCH", uri, "{\"delta\": 1}"), raw("PATCH", uri, "{\"delta\": 1000000}"),
                                raw("PATCH", uri, "{\"delta\": 1000001}"), raw("PATCH", "/api/products/" + id,
                                        "{\"stock\": 1000001}"));
                    })
                    .compose(refused -> {
                        ctx.verify(() -> {
                            assertError(refused.resultAt(0), 409, "stock_limit");
                            assertThat(refused.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject()
                                    .getJsonObject("error").getJsonObject("details").getInteger("max_stock"))
                                    .isEqualTo(1_000_000);
                            assertError(refused.resultAt(1), 409, "stock_limit");
                            assertError(refused.resultAt(2), 400, "validation_error");
                            assertError(refused.resultAt(3), 400, "validation_error");
                        });
                        return stored(id);
                    });
        }).onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
            assertThat(doc.getInteger("stock")).isEqualTo(1_000_000);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("parallel restocks near the bound never pass it together")
    void parallelRestocksStayBounded(VertxTestContext ctx) {
        product("Raced stock", 990_000).compose(created -> {
            String uri = "/api/products/" + created.getString("id") + "/stock";
            List<Future<HttpResponse<Buffer>>> restocks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                restocks.add(raw("PATCH", uri, "{\"delta\": 1000}"));
            }
            return Future.all(new ArrayList<>(restocks)).compose(all -> {
                long accepted = all.<HttpResponse<Buffer>>list().stream().filter(r -> r.statusCode() == 200).count();
                long refused = all.<HttpResponse<Buffer>>list().stream().filter(r -> r.statusCode() == 409).count();
                ctx.verify(() -> {
                    assertThat(accepted).isEqualTo(10);
                    assertThat(refused).isEqualTo(10);
                });
                return stored(created.getString("id"));
            });
        }).onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
            assertThat(doc.getInteger("stock")).isEqualTo(1_000_000);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("unicode edge cases come back byte for byte: the 201, a later GET and the stored document agree")
    void unicodeRoundTrip(VertxTestContext ctx) {
        List<String> corpus = List.of(
                "Emoji 😀👩‍👩‍👧‍👦🏳️‍🌈 and a flag 🇺🇦",
                "RTL שלום עולם مرحبا بالعالم with \u202Eoverride\u202C",
                "Combining e\u0301 vs é, Å vs A\u030A, Z\u0351\u0352\u0357",
                "Zero width: a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf",
                "Astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎 and a tab\tand a newline\n",
                "Quotes \" and backslash \\ and </script>");
        List<Future<Boolean>> checks = new ArrayList<>();
        for (String text : corpus) {
            checks.add(platform.http().post("/api/products").bearerTokenAuthentication(vendor.accessToken())
                    .sendJsonObject(new JsonObject().put("name", "Name " + text).put("description", text)
                            .put("category", "Cat " + text.substring(0, 3)).put("price", new BigDecimal("1.00")))
                    .compose(created -> {
                        JsonObject body = created.bodyAsJsonObject();
                        ctx.verify(() -> {
                            assertThat(created.statusCode()).isEqualTo(201);
                            assertThat(body.getString("description")).isEqualTo(text);
                            assertThat(body.getString("name")).isEqualTo(("Name " + text).strip());
                        });
                        String id = body.getString("id");
                        return Future.all(platform.http().get("/api/products/" + id).send(), stored(id))
                                .map(both -> {
                                    JsonObject read = both.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject();
                                    JsonObject doc = both.resultAt(1);
                                    ctx.verify(() -> {
                                        for (String field : List.of("name", "description", "category")) {
                                            assertThat(read.getString(field)).as(field).isEqualTo(body.getString(field));
                                            assertThat(doc.getString(field)).as(field).isEqualTo(body.getString(field));
                                        }
                                    });
                                    return true;
                                });
                    }));
        }
        Future.all(new ArrayList<>(checks)).onComplete(ctx.succeedingThenComplete());
    }
}
