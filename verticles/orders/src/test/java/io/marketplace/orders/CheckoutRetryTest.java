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
import java.util.UUID;

import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.product;
import static io.marketplace.orders.Shop.stock;
import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Retrying a checkout with an {@code Idempotency-Key}: the same order comes back, never a second one. */
class CheckoutRetryTest extends ShopTest {

    private static Future<HttpResponse<Buffer>> checkout(Session buyer, String key, JsonObject body) {
        return platform.http().post("/api/orders").bearerTokenAuthentication(buyer.accessToken())
                .putHeader("Idempotency-Key", key).sendJsonObject(body);
    }

    private static Future<Long> ordersOf(Session buyer) {
        return platform.mongo().count("orders", new JsonObject().put("user_id", buyer.userId()));
    }

    @Test
    @DisplayName("a checkout retried with its Idempotency-Key gets the first 201 and the same order; stock is "
            + "reserved once and one order exists")
    void replay(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        JsonObject body = new JsonObject().put("shipping_address", "1 Main St");
        Future.all(product(platform, vendor, "7.50", 10), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, 4)
                    .compose(added -> checkout(buyer, key, body))
                    .compose(first -> checkout(buyer, key, body).compose(second -> {
                        ctx.verify(() -> {
                            assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
                            assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(201);
                            assertThat(second.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
                            assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("pending_payment");
                        });
                        return Future.all(stock(platform, productId), ordersOf(buyer));
                    }));
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat((Integer) after.resultAt(0)).isEqualTo(6);
            assertThat((Long) after.resultAt(1)).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("the key reused with another body is 422 idempotency_key_reused and creates nothing")
    void reuseWithAnotherBody(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        Future.all(product(platform, vendor, "3.00", 10), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, 1)
                    .compose(added -> checkout(buyer, key, new JsonObject()))
                    .compose(first -> addToCart(platform, buyer, productId, 2))
                    .compose(refilled -> checkout(buyer, key, new JsonObject().put("shipping_address", "elsewhere")))
                    .compose(reused -> {
                        ctx.verify(() -> assertError(reused, 422, "idempotency_key_reused"));
                        return Future.all(stock(platform, productId), ordersOf(buyer));
                    });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat((Integer) after.resultAt(0)).isEqualTo(9);
            assertThat((Long) after.resultAt(1)).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("10 concurrent checkouts with one key create one order; the others replay it or get 409 while "
            + "it runs")
    void concurrentSameKey(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        Future.all(product(platform, vendor, "2.00", 10), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, 2).compose(added -> {
                List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    attempts.add(checkout(buyer, key, new JsonObject()));
                }
                return Future.all(attempts).compose(all -> {
                    ctx.verify(() -> {
                        List<HttpResponse<Buffer>> responses = attempts.stream().map(Future::result).toList();
                        assertThat(responses).extracting(HttpResponse::statusCode).allMatch(s -> s == 201 || s == 409)
                                .contains(201);
                        responses.stream().filter(r -> r.statusCode() == 409)
                                .forEach(r -> assertError(r, 409, "idempotency_in_progress"));
                        assertThat(responses.stream().filter(r -> r.statusCode() == 201)
                                .map(r -> r.bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
                    });
                    return Future.all(stock(platform, productId), ordersOf(buyer));
                });
            });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat((Integer) after.resultAt(0)).isEqualTo(8);
            assertThat((Long) after.resultAt(1)).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("without a key a repeated checkout finds the cart empty (400 empty_cart), as before")
    void withoutKey(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "4.00", 10), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, 1)
                    .compose(added -> Shop.checkout(platform, buyer))
                    .compose(first -> Shop.checkout(platform, buyer))
                    .compose(second -> {
                        ctx.verify(() -> assertError(second, 400, "empty_cart"));
                        return ordersOf(buyer);
                    });
        }).onComplete(ctx.succeeding(count -> ctx.verify(() -> {
            assertThat(count).isEqualTo(1);
            ctx.completeNow();
        })));
    }
}
