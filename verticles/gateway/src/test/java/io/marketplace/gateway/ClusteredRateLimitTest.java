package io.marketplace.gateway;

import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.ratelimit.WindowCounters;
import io.marketplace.testkit.TestCluster;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways on two clustered Vert.x nodes enforce one limit together, not twice the limit: exactly once their
 * counters have synced, and within one sync batch while a client alternates between them faster than they sync.
 */
@ExtendWith(VertxExtension.class)
class ClusteredRateLimitTest {

    private static final int LIMIT = 20;
    private static final long SYNC_MILLIS = WindowCounters.SYNC_INTERVAL_MILLIS;
    /**
     * Requests faster than a sync round trip add what arrives during that round trip to the tolerance (README); 20 ms
     * between requests keep a loaded machine's slow syncs from turning this into a timing test.
     */
    private static final long PACE_MILLIS = 20;
    private static Vertx nodeA;
    private static Vertx nodeB;
    private static TestPlatform gatewayA;
    private static TestPlatform gatewayB;

    @BeforeAll
    static void start(VertxTestContext ctx) {
        String cluster = "rate-limit-test-" + UUID.randomUUID();
        TestCluster.firstNode(cluster)
                .compose(a -> {
                    nodeA = a;
                    return TestCluster.nodeJoining(a);
                })
                .compose(b -> {
                    nodeB = b;
                    return TestPlatform.builder().verticle(GatewayVerticle::new)
                            .verticle(GatewayRoutingTest.FakeProducts::new)
                            .config(ConfigKeys.RATE_LIMIT_PER_MINUTE, LIMIT)
                            .config(ConfigKeys.TRUSTED_PROXIES, "127.0.0.1").start(nodeA);
                })
                .compose(a -> {
                    gatewayA = a;
                    return TestPlatform.builder().verticle(GatewayVerticle::new)
                            .config(ConfigKeys.RATE_LIMIT_PER_MINUTE, LIMIT)
                            .config(ConfigKeys.TRUSTED_PROXIES, "127.0.0.1").start(nodeB);
                })
                .onComplete(ctx.succeeding(b -> {
                    gatewayB = b;
                    ctx.completeNow();
                }));
    }

    @AfterAll
    static void stop(VertxTestContext ctx) {
        Future.join(gatewayA.close(), gatewayB.close())
                .eventually(() -> Future.join(nodeA.close(), nodeB.close()))
                .onComplete(ignored -> ctx.completeNow());
    }

    @Test
    @DisplayName("12 requests through gateway A and, once synced, 8 through gateway B use up the shared limit of 20; "
            + "after the next sync the next one on either is 429")
    void oneLimitForTheCluster(VertxTestContext ctx) {
        RateLimitTest.freshWindow(nodeA)
                .compose(ignored -> RateLimitTest.burst(12, () -> gatewayA.http().get("/api/products/p-1")))
                .compose(ignored -> pause(5 * SYNC_MILLIS))
                .compose(ignored -> RateLimitTest.burst(8, () -> gatewayB.http().get("/api/products/p-1")))
                .compose(lastAllowed -> pause(5 * SYNC_MILLIS).map(lastAllowed))
                .compose(lastAllowed -> {
                    ctx.verify(() -> {
                        assertThat(lastAllowed.statusCode()).as("B reaches products on A's node over the bus")
                                .isEqualTo(200);
                        assertThat(lastAllowed.getHeader("RateLimit")).contains("remaining=0");
                    });
                    return Future.all(gatewayA.http().get("/api/products/p-1").send(),
                            gatewayB.http().get("/api/products/p-1").send());
                })
                .onComplete(ctx.succeeding(over -> ctx.verify(() -> {
                    assertThat(((HttpResponse<Buffer>) over.resultAt(0)).statusCode()).isEqualTo(429);
                    assertThat(((HttpResponse<Buffer>) over.resultAt(1)).statusCode()).isEqualTo(429);
                    JsonObject error = ((HttpResponse<Buffer>) over.resultAt(1)).bodyAsJsonObject();
                    assertThat(error.getJsonObject("error").getString("code")).isEqualTo("rate_limited");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("one client alternating between the two gateways every 20 ms gets through at least the "
            + "limit and at most one sync batch (a tenth of the limit) more; the shared counter ends up with every request")
    void alternatingClientWithinTolerance(VertxTestContext ctx) {
        String client = "198.51.100." + (int) (Math.random() * 200 + 1);
        int sent = 3 * LIMIT;
        List<Integer> statuses = new ArrayList<>();
        long[] windowStart = new long[1];
        RateLimitTest.freshWindow(nodeA)
                .compose(ignored -> {
                    long now = System.currentTimeMillis();
                    windowStart[0] = now - now % 60_000;
                    Future<Void> chain = Future.succeededFuture();
                    for (int i = 0; i < sent; i++) {
                        TestPlatform gateway = i % 2 == 0 ? gatewayA : gatewayB;
                        chain = chain.compose(previous -> pause(PACE_MILLIS)).compose(paused -> gateway.http()
                                .get("/api/products/p-1")
                                .putHeader("X-Forwarded-For", client).send()
                                .map(response -> {
                                    statuses.add(response.statusCode());
                                    return null;
                                }));
                    }
                    return chain;
                })
                .compose(ignored -> pause(5 * SYNC_MILLIS))
                .compose(ignored -> Future.fromCompletionStage(TestCluster.hazelcastOf(nodeB)
                        .<String, Long>getMap("marketplace.rate-limits")
                        .getAsync("ip:" + client + "@" + windowStart[0])))
                .onComplete(ctx.succeeding(shared -> ctx.verify(() -> {
                    long admitted = statuses.stream().filter(status -> status == 200).count();
                    assertThat(statuses).hasSize(sent).containsOnly(200, 429);
                    assertThat(admitted).as("admitted of " + sent).isBetween((long) LIMIT, (long) LIMIT + LIMIT / 10);
                    assertThat(statuses.subList(statuses.size() - 10, statuses.size()))
                            .as("once both know, every further request is refused").containsOnly(429);
                    assertThat(shared).as("every request, admitted or refused, reached the shared counter")
                            .isEqualTo(sent);
                    ctx.completeNow();
                })));
    }

    private static Future<Void> pause(long millis) {
        Promise<Void> done = Promise.promise();
        nodeA.setTimer(millis, id -> done.complete());
        return done.future();
    }
}
