package io.marketplace.gateway;

import com.hazelcast.config.Config;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Two gateways on two clustered Vert.x nodes enforce one limit together, not twice the limit. */
@ExtendWith(VertxExtension.class)
class ClusteredRateLimitTest {

    private static final int LIMIT = 20;
    private static Vertx nodeA;
    private static Vertx nodeB;
    private static TestPlatform gatewayA;
    private static TestPlatform gatewayB;

    static Future<Vertx> clusteredNode(String clusterName) {
        try {
            Config hazelcast = Config.loadFromFile(new File("../../cluster-config/loopback.xml"))
                    .setClusterName(clusterName);
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
        clusteredNode(cluster)
                .compose(a -> {
                    nodeA = a;
                    return clusteredNode(cluster);
                })
                .compose(b -> {
                    nodeB = b;
                    return TestPlatform.builder().verticle(GatewayVerticle::new)
                            .verticle(GatewayRoutingTest.FakeProducts::new)
                            .config(ConfigKeys.RATE_LIMIT_PER_MINUTE, LIMIT).start(nodeA);
                })
                .compose(a -> {
                    gatewayA = a;
                    return TestPlatform.builder().verticle(GatewayVerticle::new)
                            .config(ConfigKeys.RATE_LIMIT_PER_MINUTE, LIMIT).start(nodeB);
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
    @DisplayName("12 requests through gateway A and 8 through gateway B use up the shared limit of 20; "
            + "the next one on either is 429")
    void oneLimitForTheCluster(VertxTestContext ctx) {
        RateLimitTest.freshWindow(nodeA)
                .compose(ignored -> RateLimitTest.burst(12, () -> gatewayA.http().get("/api/products/p-1")))
                .compose(ignored -> RateLimitTest.burst(8, () -> gatewayB.http().get("/api/products/p-1")))
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
}
