package io.marketplace.orders;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Services;
import io.marketplace.common.events.DomainEvent;
import io.marketplace.common.events.Events;
import io.marketplace.testkit.EventLog;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.checkout;
import static io.marketplace.orders.Shop.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every order state change is published once on {@code marketplace.events.orders}, after its write, with the order as
 * the API shows it and its stored version; a move that changes nothing publishes nothing.
 */
@ExtendWith(VertxExtension.class)
class OrderEventsTest {

    @RegisterExtension
    static final PlatformUnderTest SHOP = PlatformUnderTest.starting(Shop::start).withVendor();
    private static TestPlatform platform;
    private static Session vendor;
    private static EventLog events;

    @BeforeAll
    static void listen() {
        events = EventLog.listen(platform.vertx(), Services.ORDERS);
    }

    @AfterAll
    static void stop(VertxTestContext ctx) {
        events.close().onComplete(ctx.succeedingThenComplete());
    }

    private static Future<JsonObject> markPaid(String orderId, String paymentId) {
        return platform.bus(Services.ORDERS, Actions.Orders.MARK_PAID,
                new JsonObject().put("order_id", orderId).put("payment_id", paymentId), Caller.system("test"));
    }

    private static Future<Integer> setStatus(Session who, String orderId, String status) {
        return platform.http().patch("/api/orders/" + orderId + "/status").bearerTokenAuthentication(who.accessToken())
                .sendJsonObject(new JsonObject().put("status", status)).map(response -> response.statusCode());
    }

    private static Future<JsonObject> shown(Session buyer, String orderId) {
        return platform.http().get("/api/orders/" + orderId).bearerTokenAuthentication(buyer.accessToken()).send()
                .map(response -> response.bodyAsJsonObject());
    }

    @Test
    @DisplayName("checkout, payment, shipping and delivery publish order.created, paid, shipped, delivered with "
            + "versions 2 to 5 and the order as the API shows it; a repeated payment or shipment publishes nothing")
    void lifecycleIsPublished(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "7.50", 5), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, 2).compose(added -> checkout(platform, buyer))
                    .compose(created -> {
                        String orderId = created.bodyAsJsonObject().getString("id");
                        return events.awaitCount(orderId, 1).compose(afterCheckout -> {
                            ctx.verify(() -> {
                                DomainEvent event = afterCheckout.get(0);
                                assertThat(event.type()).isEqualTo(Events.Orders.CREATED);
                                assertThat(event.version()).isEqualTo(2);
                                assertThat(event.data()).isEqualTo(created.bodyAsJsonObject());
                                assertThat(event.data().getString("user_id")).isEqualTo(buyer.userId());
                                JsonObject line = event.data().getJsonArray("items").getJsonObject(0);
                                assertThat(line.getString("product_id")).isEqualTo(productId);
                                assertThat(line.getInteger("quantity")).isEqualTo(2);
                            });
                            return markPaid(orderId, "pay-1");
                        })
                                .compose(paid -> markPaid(orderId, "pay-1"))
                                .compose(again -> markPaid(orderId, "pay-2").otherwiseEmpty())
                                .compose(refused -> setStatus(vendor, orderId, "shipped"))
                                .compose(shipped -> setStatus(vendor, orderId, "shipped"))
                                .compose(shippedAgain -> {
                                    ctx.verify(() -> assertThat(shippedAgain).isEqualTo(409));
                                    return setStatus(vendor, orderId, "delivered");
                                })
                                .compose(delivered -> events.awaitCount(orderId, 4))
                                .compose(all -> shown(buyer, orderId).map(now -> {
                                    ctx.verify(() -> {
                                        assertThat(all).extracting(DomainEvent::type).containsExactly(
                                                Events.Orders.CREATED, Events.Orders.PAID, Events.Orders.SHIPPED,
                                                Events.Orders.DELIVERED);
                                        assertThat(all).extracting(DomainEvent::version).containsExactly(2L, 3L, 4L,
                                                5L);
                                        assertThat(all).extracting(event -> event.data().getString("status"))
                                                .containsExactly("pending_payment", "paid", "shipped", "delivered");
                                        assertThat(all).extracting(DomainEvent::id).doesNotHaveDuplicates();
                                        assertThat(all.get(3).data()).as("the last event is the order as it stands")
                                                .isEqualTo(now);
                                    });
                                    return now;
                                }));
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a checkout that cannot reserve publishes order.failed only; a cancel publishes order.cancelled and "
            + "cancelling again publishes nothing")
    void failedAndCancelledArePublished(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "3.00", 1), platform.users().user(), platform.users().user())
                .compose(setup -> {
                    String productId = setup.resultAt(0);
                    Session first = setup.resultAt(1);
                    Session second = setup.resultAt(2);
                    return addToCart(platform, first, productId, 1)
                            .compose(added -> addToCart(platform, second, productId, 1))
                            .compose(added -> checkout(platform, first))
                            .compose(won -> checkout(platform, second).compose(lost -> {
                                ctx.verify(() -> assertThat(lost.statusCode()).isEqualTo(409));
                                String wonId = won.bodyAsJsonObject().getString("id");
                                String cancel = "/api/orders/" + wonId + "/cancel";
                                return platform.http().post(cancel).bearerTokenAuthentication(first.accessToken())
                                        .send()
                                        .compose(cancelled -> platform.http().post(cancel)
                                                .bearerTokenAuthentication(first.accessToken()).send())
                                        .compose(again -> {
                                            ctx.verify(() -> assertThat(again.statusCode()).isEqualTo(200));
                                            // A later write of the same publisher: once its event is here, anything
                                            // the repeated cancel published would be here too.
                                            return laterCheckout();
                                        })
                                        .compose(marker -> events.await(() -> !events.of(marker).isEmpty()))
                                        .map(ignored -> {
                                            ctx.verify(() -> {
                                                assertThat(events.of(wonId)).extracting(DomainEvent::type)
                                                        .containsExactly(Events.Orders.CREATED,
                                                                Events.Orders.CANCELLED);
                                                assertThat(events.of(wonId)).extracting(DomainEvent::version)
                                                        .containsExactly(2L, 3L);
                                                List<DomainEvent> failed = events.matching(event -> second.userId()
                                                        .equals(event.data().getString("user_id")));
                                                assertThat(failed).extracting(DomainEvent::type)
                                                        .containsExactly(Events.Orders.FAILED);
                                                assertThat(failed.get(0).version()).isEqualTo(2);
                                                assertThat(failed.get(0).data().getString("failure_reason"))
                                                        .isEqualTo("insufficient_stock");
                                            });
                                            return null;
                                        });
                            }));
                }).onComplete(ctx.succeedingThenComplete());
    }

    /** Another buyer's checkout of a fresh product: the id of the order whose event marks "later". */
    private static Future<String> laterCheckout() {
        return Future.all(product(platform, vendor, "1.00", 1), platform.users().user()).compose(setup -> {
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, setup.resultAt(0), 1)
                    .compose(added -> checkout(platform, buyer))
                    .map(created -> created.bodyAsJsonObject().getString("id"));
        });
    }
}
