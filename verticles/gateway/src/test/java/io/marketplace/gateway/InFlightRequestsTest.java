package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.common.cluster.ClusterStanding;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's bookkeeping of writes pinned to a node, with the bus replaced by promises the test settles: which
 * addresses a write is sent to, and when.
 */
@ExtendWith(VertxExtension.class)
class InFlightRequestsTest {

    private static final String NODE = "node-b";
    /** A read picker that names no node: reads go to the shared address. */
    private static final Function<String, String> NO_NODE = service -> null;

    @Test
    @DisplayName("a write answered 503 because its node left is not sent anywhere else when the bus later reports "
            + "it undelivered (the client has its answer; doing the write now would act behind its back)")
    void answeredWriteIsNotRerouted(Vertx vertx, VertxTestContext ctx) {
        List<String> sentTo = new ArrayList<>();
        List<Promise<JsonObject>> attempts = new ArrayList<>();
        vertx.runOnContext(ignored -> {
            InFlightRequests inFlight = new InFlightRequests(vertx, service -> NODE, NO_NODE);
            Future<JsonObject> write = inFlight.send(Services.AUTH, false, address -> {
                sentTo.add(address);
                Promise<JsonObject> attempt = Promise.promise();
                attempts.add(attempt);
                return attempt.future();
            });
            vertx.eventBus().publish(ClusterStanding.MEMBER_LEFT, NODE);
            write.onComplete(answered -> {
                attempts.get(0).fail(new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers"));
                vertx.setTimer(50, later -> ctx.verify(() -> {
                    assertThat(answered.failed()).isTrue();
                    assertThat(ServiceException.from(answered.cause()).status()).isEqualTo(503);
                    assertThat(sentTo).containsExactly(Services.nodeAddress(Services.AUTH, NODE));
                    ctx.completeNow();
                }));
            });
        });
    }

    @Test
    @DisplayName("a write whose picked node no longer serves the service (delivered nowhere) goes to the shared "
            + "address once and is answered from there")
    void undeliveredWriteGoesToTheSharedAddress(Vertx vertx, VertxTestContext ctx) {
        List<String> sentTo = new ArrayList<>();
        vertx.runOnContext(ignored -> new InFlightRequests(vertx, service -> NODE, NO_NODE)
                .send(Services.AUTH, false, address -> {
                    sentTo.add(address);
                    return sentTo.size() == 1
                            ? Future.<JsonObject>failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "none"))
                            : Future.succeededFuture(new JsonObject().put("id", "u-1"));
                })
                .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                    assertThat(answer.getString("id")).isEqualTo("u-1");
                    assertThat(sentTo).containsExactly(Services.nodeAddress(Services.AUTH, NODE),
                            Services.address(Services.AUTH));
                    ctx.completeNow();
                }))));
    }

    @Test
    @DisplayName("a read goes to this node's own service when the read picker names it, and to the shared address "
            + "when that consumer is not there (yet); writes still go to the write picker's node")
    void readsGoToTheLocalNode(Vertx vertx, VertxTestContext ctx) {
        List<String> sentTo = new ArrayList<>();
        String self = "node-a";
        vertx.runOnContext(ignored -> {
            InFlightRequests inFlight = new InFlightRequests(vertx, service -> NODE, service -> self);
            Function<String, Future<JsonObject>> answered = address -> {
                sentTo.add(address);
                return Future.succeededFuture(new JsonObject().put("at", address));
            };
            inFlight.send(Services.PRODUCTS, true, answered)
                    .compose(read -> inFlight.send(Services.PRODUCTS, false, answered))
                    .compose(write -> inFlight.send(Services.PRODUCTS, true, address -> {
                        sentTo.add(address);
                        return sentTo.size() == 3
                                ? Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "not yet"))
                                : Future.succeededFuture(new JsonObject().put("at", address));
                    }))
                    .onComplete(ctx.succeeding(last -> ctx.verify(() -> {
                        assertThat(last.getString("at")).isEqualTo(Services.address(Services.PRODUCTS));
                        assertThat(sentTo).containsExactly(Services.nodeAddress(Services.PRODUCTS, self),
                                Services.nodeAddress(Services.PRODUCTS, NODE),
                                Services.nodeAddress(Services.PRODUCTS, self),
                                Services.address(Services.PRODUCTS));
                        ctx.completeNow();
                    })));
        });
    }
}
