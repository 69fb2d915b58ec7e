package io.marketplace.gateway;

import io.marketplace.common.auth.Jwt;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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

import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-client limit of 100 requests a minute, as a client sees it. */
@ExtendWith(VertxExtension.class)
class RateLimitTest {

    static final int LIMIT = 100;
    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(GatewayVerticle::new)
            .verticle(GatewayRoutingTest.FakeProducts::new)
            .config(ConfigKeys.RATE_LIMIT_PER_MINUTE, LIMIT)
            .config(ConfigKeys.TRUSTED_PROXIES, "127.0.0.1"));
    private static TestPlatform platform;

    /** Starts when the current one-minute window has enough time left for a burst, so it never straddles two. */
    static Future<Void> freshWindow(Vertx vertx) {
        long intoWindow = System.currentTimeMillis() % 60_000;
        Promise<Void> ready = Promise.promise();
        if (intoWindow < 45_000) {
            ready.complete();
        } else {
            vertx.setTimer(60_000 - intoWindow + 50, id -> ready.complete());
        }
        return ready.future();
    }

    /** Sends the requests one after another and returns the last response. */
    static Future<HttpResponse<Buffer>> burst(int count, Supplier<HttpRequest<Buffer>> request) {
        Future<HttpResponse<Buffer>> chain = Future.succeededFuture();
        for (int i = 0; i < count; i++) {
            chain = chain.compose(previous -> {
                if (previous != null && previous.statusCode() != 200) {
                    return Future.failedFuture("request refused early: " + previous.statusCode() + " "
                            + previous.bodyAsString());
                }
                return request.get().send();
            });
        }
        return chain;
    }

    private static HttpRequest<Buffer> from(String address) {
        return platform.http().get("/api/products/p-1").putHeader("X-Forwarded-For", address);
    }

    @Test
    @DisplayName("101 requests in a minute: the first 100 pass with the remaining quota, the 101st is 429 with "
            + "Retry-After; another client is unaffected")
    void hundredAndFirstIsRefused(VertxTestContext ctx) {
        String client = "10.0.0." + (int) (Math.random() * 200 + 1);
        freshWindow(platform.vertx())
                .compose(ignored -> burst(LIMIT, () -> from(client)))
                .compose(hundredth -> {
                    ctx.verify(() -> {
                        assertThat(hundredth.statusCode()).isEqualTo(200);
                        assertThat(hundredth.getHeader("RateLimit")).startsWith("limit=100, remaining=0, reset=");
                        assertThat(hundredth.getHeader("RateLimit-Policy")).isEqualTo("100;w=60");
                    });
                    return from(client).send();
                })
                .compose(refused -> {
                    ctx.verify(() -> {
                        assertThat(refused.statusCode()).isEqualTo(429);
                        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code"))
                                .isEqualTo("rate_limited");
                        assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isBetween(1, 60);
                    });
                    return Future.all(from("192.0.2.77").send(), platform.http().get("/health").send());
                })
                .onComplete(ctx.succeeding(others -> ctx.verify(() -> {
                    HttpResponse<Buffer> otherClient = others.resultAt(0);
                    assertThat(otherClient.statusCode()).isEqualTo(200);
                    assertThat(otherClient.getHeader("RateLimit")).contains("remaining=99");
                    assertThat(((HttpResponse<Buffer>) others.resultAt(1)).statusCode())
                            .as("health is never limited").isEqualTo(200);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a caller with a valid token is counted by user id, not by address")
    void keyedByUser(VertxTestContext ctx) {
        String address = "10.1.0." + (int) (Math.random() * 200 + 1);
        String token = Jwt.provider(platform.vertx(), platform.config()).generateToken(new JsonObject()
                .put("sub", "user-" + UUID.randomUUID()).put("jti", UUID.randomUUID().toString())
                .put("roles", new JsonArray().add("user")), Jwt.signing(platform.config()));
        freshWindow(platform.vertx())
                .compose(ignored -> burst(LIMIT, () -> from(address)))
                .compose(exhausted -> from(address).send())
                .compose(anonymousRefused -> {
                    ctx.verify(() -> assertThat(anonymousRefused.statusCode()).isEqualTo(429));
                    return from(address).bearerTokenAuthentication(token).send();
                })
                .onComplete(ctx.succeeding(asUser -> ctx.verify(() -> {
                    assertThat(asUser.statusCode()).isEqualTo(200);
                    assertThat(asUser.getHeader("RateLimit")).contains("remaining=99");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("X-Forwarded-For from an untrusted peer is ignored")
    void untrustedForwardedFor() {
        ClientKeys keys = new ClientKeys("10.9.9.9");
        assertThat(keys.clientAddress("127.0.0.1", "203.0.113.5")).isEqualTo("127.0.0.1");
        assertThat(keys.clientAddress("10.9.9.9", "203.0.113.5, 10.9.9.9")).isEqualTo("203.0.113.5");
        assertThat(keys.clientAddress("10.9.9.9", null)).isEqualTo("10.9.9.9");
    }
}
