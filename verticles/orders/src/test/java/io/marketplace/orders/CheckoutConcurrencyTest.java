package io.marketplace.orders;

import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.checkout;
import static io.marketplace.orders.Shop.product;
import static io.marketplace.orders.Shop.reserved;
import static io.marketplace.orders.Shop.stock;
import static org.assertj.core.api.Assertions.assertThat;

/** Checkout under real concurrency: many buyers on the last units, one buyer double-clicking. */
class CheckoutConcurrencyTest extends ShopTest {

    @Test
    @DisplayName("20 buyers check out the last 5 units at once: exactly 5 orders, 15 get 409, nothing oversold")
    void noOversell(VertxTestContext ctx) {
        List<Future<Session>> buyers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            buyers.add(platform.users().user());
        }
        Future.all(product(platform, vendor, "9.99", 5), Future.all(buyers)).compose(setup -> {
            String productId = setup.resultAt(0);
            List<Session> sessions = buyers.stream().map(Future::result).toList();
            return Future.all(sessions.stream().map(buyer -> addToCart(platform, buyer, productId, 1)).toList())
                    .compose(carts -> {
                        List<Future<HttpResponse<Buffer>>> checkouts = sessions.stream()
                                .map(buyer -> checkout(platform, buyer)).toList();
                        return Future.all(checkouts).compose(all -> Future.all(
                                stock(platform, productId), reserved(platform, productId),
                                platform.mongo().count("orders", new JsonObject()
                                        .put("items.product_id", productId).put("status", "pending_payment")))
                                .map(after -> {
                                    ctx.verify(() -> {
                                        long created = checkouts.stream()
                                                .filter(f -> f.result().statusCode() == 201).count();
                                        long refused = checkouts.stream()
                                                .filter(f -> f.result().statusCode() == 409).count();
                                        assertThat(created).isEqualTo(5);
                                        assertThat(refused).isEqualTo(15);
                                        int left = after.resultAt(0);
                                        int held = after.resultAt(1);
                                        assertThat(left).isZero();
                                        assertThat(left + held).as("stock + reserved == initial").isEqualTo(5);
                                        assertThat((Long) after.resultAt(2)).isEqualTo(5);
                                    });
                                    return after;
                                }));
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("the same cart checked out twice in parallel makes one order")
    void doubleClick(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "4.00", 10), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, 2).compose(cart -> {
                List<Future<HttpResponse<Buffer>>> clicks = List.of(checkout(platform, buyer),
                        checkout(platform, buyer), checkout(platform, buyer));
                return Future.all(clicks).compose(all -> Future.all(
                        platform.mongo().count("orders", new JsonObject().put("user_id", buyer.userId())
                                .put("status", "pending_payment")),
                        stock(platform, productId)).map(after -> {
                    ctx.verify(() -> {
                        assertThat(clicks.stream().filter(f -> f.result().statusCode() == 201).count()).isEqualTo(1);
                        assertThat(clicks.stream().map(f -> f.result().statusCode()))
                                .allMatch(status -> status == 201 || status == 409 || status == 400);
                        assertThat((Long) after.resultAt(0)).isEqualTo(1);
                        assertThat((Integer) after.resultAt(1)).isEqualTo(8);
                    });
                    return after;
                }));
            });
        }).onComplete(ctx.succeedingThenComplete());
    }
}
