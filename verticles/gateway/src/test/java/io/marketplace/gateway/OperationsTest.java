package io.marketplace.gateway;

import io.marketplace.common.bus.Services;
import io.marketplace.common.cluster.ClusterStanding;
import io.marketplace.common.metrics.DomainMetrics;
import io.marketplace.common.metrics.Observability;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator sees on port 8000: readiness, metrics, API docs, CORS and security headers. */
@ExtendWith(VertxExtension.class)
class OperationsTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
                    .verticle(GatewayVerticle::new)
                    .verticle(() -> new PingOnlyService(Services.PRODUCTS))
                    .verticle(() -> new PingOnlyService(Services.ORDERS))
                    .verticle(() -> new PingOnlyService(Services.PAYMENTS)))
            .withVertxOptions(Observability.withMetrics(new VertxOptions()));
    private static Vertx vertx;
    private static TestPlatform platform;
    private static String authDeployment;

    @BeforeAll
    static void start(VertxTestContext ctx) {
        platform.deploy(() -> new PingOnlyService(Services.AUTH)).onComplete(ctx.succeeding(id -> {
            authDeployment = id;
            ctx.completeNow();
        }));
    }

    private static Future<HttpResponse<Buffer>> ready() {
        return platform.http().get("/health/ready").send();
    }

    /**
     * Readiness once the platform has settled: the gateway's first MongoDB ping opens the connection, which on a
     * loaded machine can take longer than the one-second check allows.
     */
    private static Future<HttpResponse<Buffer>> readyOnceSettled(int attemptsLeft) {
        return ready().compose(response -> response.statusCode() == 200 || attemptsLeft <= 1
                ? Future.succeededFuture(response)
                : vertx.timer(500).compose(ignored -> readyOnceSettled(attemptsLeft - 1)));
    }

    @Test
    @DisplayName("/health/ready is 200 when MongoDB and every service answer, 503 naming auth when it is gone, "
            + "200 again when it returns")
    void readinessFollowsServices(VertxTestContext ctx) {
        readyOnceSettled(20).compose(up -> {
            ctx.verify(() -> {
                assertThat(up.statusCode()).as(up.bodyAsString()).isEqualTo(200);
                assertThat(up.bodyAsJsonObject().getJsonObject("checks").getString("mongodb")).isEqualTo("UP");
            });
            return platform.undeploy(authDeployment);
        }).compose(ignored -> ready()).compose(down -> {
            ctx.verify(() -> {
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.bodyAsJsonObject().getJsonArray("down")).containsExactly("auth");
            });
            return platform.deploy(() -> new PingOnlyService(Services.AUTH));
        }).compose(id -> {
            authDeployment = id;
            return ready();
        }).onComplete(ctx.succeeding(again -> ctx.verify(() -> {
            assertThat(again.statusCode()).isEqualTo(200);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("/health/ready is 503 naming the cluster and its reason while this node is outside the main "
            + "cluster, 200 once it is back")
    void readinessFollowsClusterStanding(VertxTestContext ctx) {
        ClusterStanding.markOutside(vertx, "this node sees 1 of the 3 cluster members it was with");
        ready().compose(down -> {
            ctx.verify(() -> {
                assertThat(down.statusCode()).isEqualTo(503);
                JsonObject body = down.bodyAsJsonObject();
                assertThat(body.getString("status")).isEqualTo("DOWN");
                assertThat(body.getJsonArray("down")).contains("cluster");
                assertThat(body.getJsonObject("reasons").getString("cluster")).contains("1 of the 3");
            });
            ClusterStanding.markInside(vertx);
            return ready();
        }).onComplete(ctx.succeeding(up -> ctx.verify(() -> {
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.bodyAsJsonObject().getJsonObject("checks").getString("cluster")).isEqualTo("UP");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("/metrics shows the HTTP request counter after a request and the domain counters once counted")
    void metrics(VertxTestContext ctx) {
        DomainMetrics.orderCheckout("created");
        DomainMetrics.payment("succeeded");
        DomainMetrics.userRegistered("vendor");
        platform.http().get("/health").send()
                .compose(ignored -> platform.http().get("/metrics").send())
                .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
                    assertThat(metrics.statusCode()).isEqualTo(200);
                    String text = metrics.bodyAsString();
                    assertThat(text).contains("vertx_http_server_requests_total");
                    assertThat(text).contains("marketplace_checkouts_total{outcome=\"created\"}");
                    assertThat(text).contains("marketplace_payments_total{status=\"succeeded\"}");
                    assertThat(text).contains("marketplace_users_registered_total{role=\"vendor\"}");
                    assertThat(text).contains("jvm_memory_used_bytes");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("/docs serves Swagger UI whose assets load from the gateway, pointing at /openapi.yaml")
    void docs(VertxTestContext ctx) {
        Future.all(
                        platform.http().get("/docs").send(),
                        platform.http().get("/docs/swagger-ui-bundle.js").send(),
                        platform.http().get("/docs/swagger-ui.css").send(),
                        platform.http().get("/docs/initializer.js").send(),
                        platform.http().get("/openapi.yaml").send())
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    HttpResponse<Buffer> page = all.resultAt(0);
                    assertThat(page.statusCode()).isEqualTo(200);
                    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
                    assertThat(page.bodyAsString()).contains("swagger-ui-bundle.js").doesNotContain("http");
                    for (int i = 1; i < 5; i++) {
                        assertThat(((HttpResponse<Buffer>) all.resultAt(i)).statusCode()).isEqualTo(200);
                    }
                    assertThat(((HttpResponse<Buffer>) all.resultAt(3)).bodyAsString()).contains("/openapi.yaml");
                    assertThat(((HttpResponse<Buffer>) all.resultAt(4)).bodyAsString()).startsWith("openapi: 3.1");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("CORS preflights are answered and every response carries the security headers")
    void corsAndSecurityHeaders(VertxTestContext ctx) {
        Future.all(
                        platform.http().request(io.vertx.core.http.HttpMethod.OPTIONS, "/api/products")
                                .putHeader("Origin", "https://shop.example.com")
                                .putHeader("Access-Control-Request-Method", "POST")
                                .putHeader("Access-Control-Request-Headers", "Authorization, Content-Type").send(),
                        platform.http().get("/api/nowhere").putHeader("Origin", "https://shop.example.com").send())
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    HttpResponse<Buffer> preflight = all.resultAt(0);
                    assertThat(preflight.statusCode()).isIn(200, 204);
                    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isNotNull();
                    assertThat(preflight.getHeader("Access-Control-Allow-Methods")).contains("POST");
                    HttpResponse<Buffer> api = all.resultAt(1);
                    assertThat(api.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
                    assertThat(api.getHeader("X-Frame-Options")).isEqualTo("DENY");
                    assertThat(api.getHeader("Cache-Control")).isEqualTo("no-store");
                    assertThat(api.getHeader("Access-Control-Expose-Headers")).contains("X-Request-Id");
                    ctx.completeNow();
                })));
    }
}
