package io.marketplace.gateway;

import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Services;
import io.marketplace.common.cluster.ClusterStanding;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that leaves the cluster while serving requests: the gateway must not wait out the bus timeout (a minute
 * here, far beyond the test's own limit) when it is told a member left. Undeploying the service that swallowed the
 * requests and announcing a departed member is what the launcher's membership watch does when a node dies.
 */
@ExtendWith(VertxExtension.class)
class NodeLossTest {

    private TestPlatform platform;

    /** A service that receives requests and never answers them, as a node that died right after receiving. */
    static final class BlackHole extends VerticleBase {
        private final String service;
        private final String action;
        private final Promise<Void> received;

        BlackHole(String service, String action, Promise<Void> received) {
            this.service = service;
            this.action = action;
            this.received = received;
        }

        @Override
        public Future<?> start() {
            return new ActionDispatcher(service).on(action, (body, caller) -> {
                received.tryComplete();
                return Promise.<JsonObject>promise().future();
            }).register(vertx);
        }
    }

    /** A healthy products node that answers reads. */
    static final class Survivor extends VerticleBase {
        @Override
        public Future<?> start() {
            return new ActionDispatcher(Services.PRODUCTS)
                    .on(Actions.Products.GET, (body, caller) -> Future.succeededFuture(new JsonObject()
                            .put("id", body.getString("id")).put("served_by", "survivor")))
                    .register(vertx);
        }
    }

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        TestPlatform.builder()
                .verticle(GatewayVerticle::new)
                .config(ConfigKeys.BUS_TIMEOUT_MS, 60_000)
                .start(vertx)
                .onComplete(ctx.succeeding(started -> {
                    platform = started;
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        platform.close().onComplete(ctx.succeedingThenComplete());
    }

    /**
     * The future, completed on a context of no deployment: what is deployed from the black hole's own context would
     * become its child and leave with it.
     */
    private static <T> Future<T> outsideDeployments(Context neutral, Future<T> future) {
        Promise<T> moved = Promise.promise();
        future.onComplete(outcome -> neutral.runOnContext(ignored -> moved.handle(outcome)));
        return moved.future();
    }

    private void memberLeft() {
        platform.vertx().eventBus().publish(ClusterStanding.MEMBER_LEFT, "node-that-died");
    }

    @Test
    @DisplayName("a read pending on a node that left is sent again at once and answered by a surviving node")
    void pendingReadIsResent(Vertx vertx, VertxTestContext ctx) {
        Context neutral = vertx.getOrCreateContext();
        Promise<Void> received = Promise.promise();
        platform.deploy(() -> new BlackHole(Services.PRODUCTS, Actions.Products.GET, received))
                .compose(deadNode -> {
                    Future<HttpResponse<Buffer>> read =
                            platform.http().get("/api/products/p-1").send();
                    return outsideDeployments(neutral, received.future())
                            .compose(ignored -> platform.deploy(Survivor::new))
                            .compose(ignored -> platform.undeploy(deadNode))
                            .onSuccess(ignored -> memberLeft())
                            .compose(ignored -> read);
                })
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
                    assertThat(response.bodyAsJsonObject().getString("served_by")).isEqualTo("survivor");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a write pending on a node that left fails at once with 503 when no other node serves its service")
    void pendingWriteFailsFast(Vertx vertx, VertxTestContext ctx) {
        Context neutral = vertx.getOrCreateContext();
        Promise<Void> received = Promise.promise();
        platform.deploy(() -> new BlackHole(Services.AUTH, Actions.Auth.REGISTER, received))
                .compose(deadNode -> {
                    Future<HttpResponse<Buffer>> write =
                            platform.http().post("/api/auth/register").sendJsonObject(new JsonObject()
                                    .put("email", "lost@example.com").put("password", "password123")
                                    .put("full_name", "Lost"));
                    return outsideDeployments(neutral, received.future())
                            .compose(ignored -> platform.undeploy(deadNode))
                            .onSuccess(ignored -> memberLeft())
                            .compose(ignored -> write);
                })
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertError(response, 503, "service_unavailable");
                    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
                            .contains("left the cluster");
                    ctx.completeNow();
                })));
    }
}
