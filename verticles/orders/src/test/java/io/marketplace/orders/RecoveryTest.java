package io.marketplace.orders;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Services;
import io.marketplace.common.money.Money;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.marketplace.orders.Shop.product;
import static io.marketplace.orders.Shop.stock;
import static org.assertj.core.api.Assertions.assertThat;

/** The recovery pass on the states a crash leaves behind. */
class RecoveryTest extends ShopTest {

    /** An order document exactly as checkout writes it before reserving. */
    private static JsonObject reservingOrder(String orderId, String userId, String a, String b) {
        long longAgo = System.currentTimeMillis() - 600_000;
        List<OrderLine> lines = List.of(new OrderLine(a, "A", Money.of("1.00"), 2, vendor.userId()),
                new OrderLine(b, "B", Money.of("1.00"), 3, vendor.userId()));
        return new Order(orderId, userId, OrderState.RESERVING, lines, Order.totalOf(lines), null, null, null,
                longAgo, longAgo, null, new JsonArray(), 1).toDocument();
    }

    @Test
    @DisplayName("an order stuck in reserving with some lines reserved is failed and its stock restored; "
            + "a second pass changes nothing")
    void crashDuringCheckout(VertxTestContext ctx) {
        String orderId = "crashed-" + System.nanoTime();
        Future.all(product(platform, vendor, "1.00", 10), product(platform, vendor, "1.00", 10)).compose(ids -> {
            String a = ids.resultAt(0);
            String b = ids.resultAt(1);
            return platform.mongo().insert("orders", reservingOrder(orderId, "buyer-1", a, b))
                    .compose(inserted -> platform.bus(Services.PRODUCTS, Actions.Products.RESERVE, new JsonObject()
                            .put("order_id", orderId).put("lines", new JsonArray()
                                    .add(new JsonObject().put("product_id", a).put("quantity", 2))),
                            Caller.system("test")))
                    .compose(partial -> stock(platform, a))
                    .compose(during -> {
                        ctx.verify(() -> assertThat(during).isEqualTo(8));
                        return Shop.recover(platform, 0);
                    })
                    .compose(first -> {
                        ctx.verify(() -> assertThat(first.getInteger("failed_checkouts")).isEqualTo(1));
                        return Future.all(stock(platform, a), stock(platform, b),
                                platform.mongo().findOne("orders", new JsonObject().put("_id", orderId), null));
                    })
                    .compose(afterFirst -> {
                        ctx.verify(() -> {
                            assertThat((Integer) afterFirst.resultAt(0)).isEqualTo(10);
                            assertThat((Integer) afterFirst.resultAt(1)).isEqualTo(10);
                            JsonObject order = afterFirst.resultAt(2);
                            assertThat(order.getString("status")).isEqualTo("failed");
                            assertThat(order.getString("failure_reason")).isEqualTo("interrupted");
                        });
                        return Shop.recover(platform, 0);
                    })
                    .compose(second -> {
                        ctx.verify(() -> second.forEach(field -> assertThat(((Number) field.getValue()).intValue())
                                .as(field.getKey()).isZero()));
                        return Future.all(stock(platform, a), stock(platform, b));
                    });
        }).onComplete(ctx.succeeding(afterSecond -> ctx.verify(() -> {
            assertThat((Integer) afterSecond.resultAt(0)).isEqualTo(10);
            assertThat((Integer) afterSecond.resultAt(1)).isEqualTo(10);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a reservation whose order was never written is released")
    void orphanReservation(VertxTestContext ctx) {
        product(platform, vendor, "1.00", 4).compose(id -> platform.bus(Services.PRODUCTS,
                                Actions.Products.RESERVE, new JsonObject().put("order_id", "ghost-" + System.nanoTime())
                                        .put("lines", new JsonArray().add(new JsonObject().put("product_id", id)
                                                .put("quantity", 3))), Caller.system("test"))
                        .compose(reserved -> Shop.recover(platform, 0))
                        .compose(report -> stock(platform, id)))
                .onComplete(ctx.succeeding(stock -> ctx.verify(() -> {
                    assertThat(stock).isEqualTo(4);
                    ctx.completeNow();
                })));
    }
}
