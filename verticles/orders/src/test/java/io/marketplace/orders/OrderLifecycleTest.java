package io.marketplace.orders;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.checkout;
import static io.marketplace.orders.Shop.product;
import static io.marketplace.orders.Shop.stock;
import static org.assertj.core.api.Assertions.assertThat;

/** The order lifecycle: cancel, pay, ship, deliver, expire, and the transitions the table forbids. */
@ExtendWith(VertxExtension.class)
class OrderLifecycleTest {

    @RegisterExtension
    static final PlatformUnderTest SHOP = PlatformUnderTest.of(
            Shop.platform().config(ConfigKeys.ORDER_EXPIRY_MINUTES, 0.02)).withVendor();
    private static TestPlatform platform;
    private static Session vendor;

    /** A buyer with one pending order of {@code quantity} units of a product with {@code stock} units. */
    private static Future<JsonObject> pendingOrder(int stock, int quantity) {
        return Future.all(product(platform, vendor, "12.00", stock), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, quantity)
                    .compose(r -> checkout(platform, buyer))
                    .map(order -> new JsonObject().put("order", order.bodyAsJsonObject()).put("product_id", productId)
                            .put("token", buyer.accessToken()).put("user_id", buyer.userId()));
        });
    }

    private static Future<JsonObject> markPaid(String orderId, String paymentId) {
        return platform.bus(Services.ORDERS, Actions.Orders.MARK_PAID,
                new JsonObject().put("order_id", orderId).put("payment_id", paymentId), Caller.system("test"));
    }

    @Test
    @DisplayName("cancelling a pending order releases its stock; cancelling again is a 200 with the cancelled order "
            + "and gives nothing back twice")
    void cancelReleasesStock(VertxTestContext ctx) {
        pendingOrder(5, 3).compose(setup -> {
            String orderId = setup.getJsonObject("order").getString("id");
            String path = "/api/orders/" + orderId + "/cancel";
            return stock(platform, setup.getString("product_id")).compose(during -> {
                ctx.verify(() -> assertThat(during).isEqualTo(2));
                return platform.http().post(path).bearerTokenAuthentication(setup.getString("token")).send();
            }).compose(cancelled -> {
                ctx.verify(() -> {
                    assertThat(cancelled.statusCode()).isEqualTo(200);
                    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
                });
                return platform.http().put(path).bearerTokenAuthentication(setup.getString("token")).send();
            }).compose(again -> {
                ctx.verify(() -> {
                    assertThat(again.statusCode()).isEqualTo(200);
                    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
                    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(orderId);
                });
                return stock(platform, setup.getString("product_id"));
            });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat(after).isEqualTo(5);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("mark_paid is idempotent for one payment, refuses another, and the vendor ships and delivers")
    void payShipDeliver(VertxTestContext ctx) {
        pendingOrder(5, 1).compose(setup -> {
            String orderId = setup.getJsonObject("order").getString("id");
            String statusPath = "/api/orders/" + orderId + "/status";
            return markPaid(orderId, "pay-1")
                    .compose(paid -> {
                        ctx.verify(() -> assertThat(paid.getString("status")).isEqualTo("paid"));
                        return markPaid(orderId, "pay-1");
                    })
                    .compose(again -> {
                        ctx.verify(() -> assertThat(again.getString("payment_id")).isEqualTo("pay-1"));
                        return markPaid(orderId, "pay-2").transform(result -> {
                            ctx.verify(() -> {
                                assertThat(result.failed()).isTrue();
                                assertThat(((ServiceException) result.cause()).code()).isEqualTo("already_paid");
                            });
                            return Future.succeededFuture();
                        });
                    })
                    .compose(ignored -> platform.http().patch(statusPath)
                            .bearerTokenAuthentication(setup.getString("token"))
                            .sendJsonObject(new JsonObject().put("status", "shipped")))
                    .compose(buyerTries -> {
                        ctx.verify(() -> assertError(buyerTries, 403, "forbidden"));
                        return platform.http().patch(statusPath).bearerTokenAuthentication(vendor.accessToken())
                                .sendJsonObject(new JsonObject().put("status", "delivered"));
                    })
                    .compose(skipAhead -> {
                        ctx.verify(() -> assertError(skipAhead, 409, "invalid_transition"));
                        return platform.http().patch(statusPath).bearerTokenAuthentication(vendor.accessToken())
                                .sendJsonObject(new JsonObject().put("status", "shipped"));
                    })
                    .compose(shipped -> {
                        ctx.verify(() -> assertThat(shipped.bodyAsJsonObject().getString("status")).isEqualTo("shipped"));
                        return platform.http().post("/api/orders/" + orderId + "/cancel")
                                .bearerTokenAuthentication(setup.getString("token")).send();
                    })
                    .compose(lateCancel -> {
                        ctx.verify(() -> assertError(lateCancel, 409, "invalid_transition"));
                        return platform.http().patch(statusPath).bearerTokenAuthentication(vendor.accessToken())
                                .sendJsonObject(new JsonObject().put("status", "delivered"));
                    })
                    .compose(delivered -> {
                        ctx.verify(() -> assertThat(delivered.bodyAsJsonObject().getString("status"))
                                .isEqualTo("delivered"));
                        return Future.all(stock(platform, setup.getString("product_id")),
                                platform.mongo().findOne("products",
                                        new JsonObject().put("_id", setup.getString("product_id")), null));
                    });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat((Integer) after.resultAt(0)).isEqualTo(4);
            JsonObject product = after.resultAt(1);
            assertThat(product.getInteger("sold")).isEqualTo(1);
            assertThat(product.getJsonArray("reservations")).isEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a bad status value, or one in another letter case, is 400 and paying a cancelled order is a 409")
    void invalidInput(VertxTestContext ctx) {
        pendingOrder(5, 1).compose(setup -> {
            String orderId = setup.getJsonObject("order").getString("id");
            return platform.http().patch("/api/orders/" + orderId + "/status")
                    .bearerTokenAuthentication(vendor.accessToken())
                    .sendJsonObject(new JsonObject().put("status", "teleported"))
                    .compose(bad -> {
                        ctx.verify(() -> assertError(bad, 400, "validation_error"));
                        return platform.http().patch("/api/orders/" + orderId + "/status")
                                .bearerTokenAuthentication(vendor.accessToken())
                                .sendJsonObject(new JsonObject().put("status", "SHIPPED"));
                    })
                    .compose(upperCase -> {
                        ctx.verify(() -> assertError(upperCase, 400, "validation_error"));
                        return platform.http().post("/api/orders/" + orderId + "/cancel")
                                .bearerTokenAuthentication(setup.getString("token")).send();
                    })
                    .compose(cancelled -> markPaid(orderId, "pay-x").transform(Future::succeededFuture));
        }).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
            assertThat(result.failed()).isTrue();
            assertThat(((ServiceException) result.cause()).status()).isEqualTo(409);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("an unpaid order expires after the configured time and its stock comes back")
    void expiry(VertxTestContext ctx) {
        pendingOrder(3, 2).compose(setup -> {
            Promise<Void> waited = Promise.promise();
            platform.vertx().setTimer(1500, id -> waited.complete());
            return waited.future()
                    .compose(ignored -> Shop.recover(platform, 3_600_000))
                    .compose(report -> {
                        ctx.verify(() -> assertThat(report.getInteger("expired_orders")).isGreaterThanOrEqualTo(1));
                        return Future.all(stock(platform, setup.getString("product_id")),
                                platform.http().get("/api/orders/" + setup.getJsonObject("order").getString("id"))
                                        .bearerTokenAuthentication(setup.getString("token")).send());
                    });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat((Integer) after.resultAt(0)).isEqualTo(3);
            assertThat(((io.vertx.ext.web.client.HttpResponse<?>) after.resultAt(1)).bodyAsJsonObject()
                    .getString("status")).isEqualTo("expired");
            ctx.completeNow();
        })));
    }
}
