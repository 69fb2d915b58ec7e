package io.marketplace.gateway;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.ratelimit.WindowCounters;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
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

    /**
     * A clustered node; the second one is pointed at the first one's actual port, so the two find each other even
     * when other Hazelcast members on this machine hold the first ports that loopback.xml's join would probe.
     */
    static Future<Vertx> clusteredNode(String clusterName, Integer joinPort) {
        try {
            Config hazelcast = Config.loadFromFile(new File("../../cluster-config/loopback.xml"))
                    .setClusterName(clusterName);
            if (joinPort != null) {
                hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(List.of("127.0.0.1:" + joinPort));
            }
            VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1"));
            return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
                    .buildClustered();
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    @BeforeAll
    static void start(VertxTestContext ctx) {
        String cluster = "rate-limit-test-" + UUID.randomUUID();
        clusteredNode(cluster, null)
                .compose(a -> {
                    nodeA = a;
                    return clusteredNode(cluster, hazelcastOf(a).getCluster().getLocalMember().getAddress().getPort());
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
                .compose(ignored -> Future.fromCompletionStage(hazelcastOf(nodeB)
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

    private static HazelcastInstance hazelcastOf(Vertx node) {
        return ((HazelcastClusterManager) ((VertxInternal) node).clusterManager()).getHazelcastInstance();
    }

    private static Future<Void> pause(long millis) {
        Promise<Void> done = Promise.promise();
        nodeA.setTimer(millis, id -> done.complete());
        return done.future();
    }
}
