package io.marketplace.orders;

import io.marketplace.common.bus.Services;
import io.marketplace.common.events.EventPublisher;
import io.marketplace.common.idempotency.IdempotencyStore;
import io.marketplace.common.money.Money;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.product;
import static io.marketplace.orders.Shop.stock;
import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an orders node that died (or froze past its lease) mid-checkout leaves of an {@code Idempotency-Key}, written
 * into the database as it would be, and what a retry with the same key gets once recovery ran: the order the
 * checkout created when it created one, a checkout of its own when it did not, never a second order.
 */
class AbandonedCheckoutTest extends ShopTest {

    private static final JsonObject BODY = new JsonObject().put("shipping_address", "1 Main St");

    private static Future<HttpResponse<Buffer>> checkout(Session buyer, String key) {
        return platform.http().post("/api/orders").bearerTokenAuthentication(buyer.accessToken())
                .putHeader("Idempotency-Key", key).sendJsonObject(BODY);
    }

    /** A buyer with {@code quantity} units of a new product in the cart (10 in stock; its id goes to productId). */
    private static Future<Session> buyerWithCart(String[] productId, int quantity) {
        return Future.all(product(platform, vendor, "5.00", 10), platform.users().user()).compose(setup -> {
            productId[0] = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId[0], quantity).map(buyer);
        });
    }

    /** The claim a checkout with this key holds while it runs, held by a node whose lease ran out or not. */
    private static JsonObject claim(Session buyer, String key, boolean leaseRanOut) {
        long now = System.currentTimeMillis();
        return new JsonObject()
                .put("_id", IdempotencyStore.claimId(buyer.userId(), key))
                .put("request_hash", IdempotencyStore.hash(
                        new JsonObject().put("shipping_address", ShippingAddress.read(BODY))))
                .put("state", "in_progress").put("created_at", now - 40_000)
                .put("token", UUID.randomUUID().toString()).put("lease_until", leaseRanOut ? now - 1 : now + 20_000);
    }

    private static Future<String> abandonedClaim(Session buyer, String key, boolean leaseRanOut) {
        return platform.mongo().insert(OrdersVerticle.IDEMPOTENCY_KEYS, claim(buyer, key, leaseRanOut));
    }

    private static Future<Long> ordersOf(Session buyer) {
        return platform.mongo().count("orders", new JsonObject().put("user_id", buyer.userId()));
    }

    @Test
    @DisplayName("a key whose checkout created its order before the node died is 409 in progress until recovery, "
            + "then answers that order: same id, stock reserved once, one order")
    void createdOrderIsTheAnswer(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        String[] productId = new String[1];
        buyerWithCart(productId, 3).compose(buyer -> checkout(buyer, key).compose(first -> {
            ctx.verify(() -> assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201));
            // The node died after the checkout but before it stored the answer: the claim is as the run left it.
            return platform.mongo().replaceDocuments(OrdersVerticle.IDEMPOTENCY_KEYS,
                            new JsonObject().put("_id", IdempotencyStore.claimId(buyer.userId(), key)),
                            claim(buyer, key, true))
                    .compose(ignored -> checkout(buyer, key))
                    .compose(before -> {
                        ctx.verify(() -> assertError(before, 409, "idempotency_in_progress"));
                        return Shop.recover(platform, 0);
                    })
                    .compose(report -> {
                        ctx.verify(() -> assertThat(report.getInteger("abandoned_checkout_keys")).isEqualTo(1));
                        return checkout(buyer, key);
                    })
                    .compose(retry -> {
                        ctx.verify(() -> {
                            assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
                            JsonObject order = retry.bodyAsJsonObject();
                            assertThat(order.getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
                            assertThat(order.getString("status")).isEqualTo("pending_payment");
                        });
                        return Future.all(stock(platform, productId[0]), ordersOf(buyer));
                    });
        })).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat((Integer) after.resultAt(0)).isEqualTo(7);
            assertThat((Long) after.resultAt(1)).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a key whose node died before writing an order is freed by recovery: the retry with the same key "
            + "checks out once")
    void noOrderFreesTheKey(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        String[] productId = new String[1];
        buyerWithCart(productId, 2).compose(buyer -> abandonedClaim(buyer, key, true)
                .compose(ignored -> Shop.recover(platform, 0))
                .compose(report -> {
                    ctx.verify(() -> assertThat(report.getInteger("abandoned_checkout_keys")).isEqualTo(1));
                    return checkout(buyer, key);
                })
                .compose(retry -> {
                    ctx.verify(() -> {
                        assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
                        assertThat(retry.bodyAsJsonObject().getString("status")).isEqualTo("pending_payment");
                    });
                    return checkout(buyer, key).compose(replayed -> {
                        ctx.verify(() -> assertThat(replayed.bodyAsJsonObject()).isEqualTo(retry.bodyAsJsonObject()));
                        return Future.all(stock(platform, productId[0]), ordersOf(buyer));
                    });
                }))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    assertThat((Integer) after.resultAt(0)).isEqualTo(8);
                    assertThat((Long) after.resultAt(1)).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a key whose order was left reserving is freed once recovery failed that order: the retry makes a "
            + "new order, and only its units stay reserved")
    void interruptedOrderFreesTheKey(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        String[] productId = new String[1];
        String stuckId = new ObjectId().toHexString();
        buyerWithCart(productId, 2).compose(buyer -> {
            long longAgo = System.currentTimeMillis() - 600_000;
            List<OrderLine> lines = List.of(new OrderLine(productId[0], "P", Money.of("5.00"), 2, vendor.userId()));
            Order stuck = new Order(stuckId, buyer.userId(), OrderState.RESERVING, lines, Order.totalOf(lines), null,
                    null, null, longAgo, longAgo, null, new JsonArray(), 1);
            return abandonedClaim(buyer, key, true)
                    .compose(ignored -> new OrderRepository(platform.mongo(),
                            new OrderEvents(new EventPublisher(platform.vertx(), Services.ORDERS)))
                            .insert(stuck, IdempotencyStore.claimId(buyer.userId(), key)))
                    .compose(ignored -> Shop.recover(platform, 0))
                    .compose(report -> {
                        ctx.verify(() -> {
                            assertThat(report.getInteger("failed_checkouts")).isEqualTo(1);
                            assertThat(report.getInteger("abandoned_checkout_keys")).isEqualTo(1);
                        });
                        return checkout(buyer, key);
                    })
                    .compose(retry -> {
                        ctx.verify(() -> {
                            assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
                            assertThat(retry.bodyAsJsonObject().getString("id")).isNotEqualTo(stuckId);
                        });
                        return Future.all(stock(platform, productId[0]), ordersOf(buyer),
                                platform.mongo().findOne("orders", new JsonObject().put("_id", stuckId), null));
                    });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat((Integer) after.resultAt(0)).isEqualTo(8);
            assertThat((Long) after.resultAt(1)).isEqualTo(2);
            assertThat(((JsonObject) after.resultAt(2)).getString("status")).isEqualTo("failed");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a key still within its lease stays 409 in progress through recovery, and no order is made")
    void liveClaimIsKept(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        String[] productId = new String[1];
        buyerWithCart(productId, 1).compose(buyer -> abandonedClaim(buyer, key, false)
                .compose(ignored -> Shop.recover(platform, 0))
                .compose(report -> checkout(buyer, key))
                .compose(retry -> {
                    ctx.verify(() -> assertError(retry, 409, "idempotency_in_progress"));
                    return Future.all(stock(platform, productId[0]), ordersOf(buyer));
                }))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    assertThat((Integer) after.resultAt(0)).isEqualTo(10);
                    assertThat((Long) after.resultAt(1)).isZero();
                    ctx.completeNow();
                })));
    }
}
