package io.marketplace.orders;

import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.checkout;
import static io.marketplace.orders.Shop.product;
import static io.marketplace.orders.Shop.stock;
import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Carts and checkout under hostile input: nothing refused changes the cart, the stock or the orders. */
class HostileCheckoutTest extends ShopTest {

    private static Future<HttpResponse<Buffer>> postJson(Session buyer, String uri, String json) {
        return platform.http().post(uri).bearerTokenAuthentication(buyer.accessToken())
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json));
    }

    private static Future<Long> orders(Session buyer) {
        return platform.mongo().count("orders", new JsonObject().put("user_id", buyer.userId()));
    }

    @Test
    @DisplayName("a quantity of 1e9999999 is 400 at once while another shopper's cart read is served; the cart is untouched")
    void exponentQuantity(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "2.00", 5), platform.users().user(), platform.users().user())
                .compose(all -> {
                    String id = all.resultAt(0);
                    Session buyer = all.resultAt(1);
                    Session other = all.resultAt(2);
                    long started = System.nanoTime();
                    Future<HttpResponse<Buffer>> hostile = Future.all(
                                    postJson(buyer, "/api/cart/items", "{\"product_id\": \"" + id
                                            + "\", \"quantity\": 1e9999999}"),
                                    postJson(buyer, "/api/cart/items", "{\"product_id\": \"" + id
                                            + "\", \"quantity\": 1e29999999}"))
                            .map(both -> {
                                ctx.verify(() -> assertError(both.resultAt(1), 400, "validation_error"));
                                return both.resultAt(0);
                            });
                    Future<Long> read = platform.http().get("/api/cart").bearerTokenAuthentication(other.accessToken())
                            .send().map(response -> {
                                assertThat(response.statusCode()).isEqualTo(200);
                                return System.nanoTime() - started;
                            });
                    return Future.all(hostile, read).compose(both -> {
                        ctx.verify(() -> {
                            assertError(both.resultAt(0), 400, "validation_error");
                            assertThat(TimeUnit.NANOSECONDS.toMillis(both.<Long>resultAt(1)))
                                    .as("concurrent read latency ms").isLessThan(3_000);
                        });
                        return platform.http().get("/api/cart").bearerTokenAuthentication(buyer.accessToken()).send();
                    });
                })
                .onComplete(ctx.succeeding(cart -> ctx.verify(() -> {
                    assertThat(cart.bodyAsJsonObject().getJsonArray("items")).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a shipping address with a NUL, '$' or '.' in a key, or a field outside the fixed set, is 400 "
            + "and creates no order; the cart and the stock stay; then the seed's empty checkout works")
    void shippingAddressKeys(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "4.00", 5), platform.users().user()).compose(all -> {
            String id = all.resultAt(0);
            Session buyer = all.resultAt(1);
            List<String> bad = List.of(
                    "{\"shipping_address\": {\"street\\u0000x\": \"1 Main St\"}}",
                    "{\"shipping_address\": {\"$where\": \"1\"}}",
                    "{\"shipping_address\": {\"a.b\": \"1\"}}",
                    "{\"shipping_address\": {\"street\": \"1 Main St\", \"favourite_colour\": \"blue\"}}",
                    "{\"shipping_address\": {\"street\": {\"nested\": \"x\"}}}",
                    "{\"shipping_address\": \"1 Main St\\u0000\"}");
            return addToCart(platform, buyer, id, 2)
                    .compose(added -> Future.all(bad.stream().map(json -> postJson(buyer, "/api/orders", json))
                            .toList()))
                    .compose(refused -> {
                        ctx.verify(() -> {
                            for (int i = 0; i < bad.size(); i++) {
                                assertError(refused.resultAt(i), 400, "validation_error");
                            }
                            assertThat(refused.<HttpResponse<Buffer>>resultAt(3).bodyAsJsonObject()
                                    .getJsonObject("error").getJsonObject("details").getString("field"))
                                    .isEqualTo("shipping_address.favourite_colour");
                        });
                        return Future.all(orders(buyer), stock(platform, id), platform.http().get("/api/cart")
                                .bearerTokenAuthentication(buyer.accessToken()).send());
                    })
                    .compose(after -> {
                        ctx.verify(() -> {
                            assertThat(after.<Long>resultAt(0)).isZero();
                            assertThat(after.<Integer>resultAt(1)).isEqualTo(5);
                            assertThat(after.<HttpResponse<Buffer>>resultAt(2).bodyAsJsonObject()
                                    .getInteger("item_count")).isEqualTo(2);
                        });
                        return checkout(platform, buyer);
                    });
        }).onComplete(ctx.succeeding(order -> ctx.verify(() -> {
            assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("checking out an empty cart is 400 empty_cart and writes nothing: no cart appears, an emptied one "
            + "keeps its document as it was")
    void emptyCartWritesNothing(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "1.00", 5), platform.users().user(), platform.users().user())
                .compose(all -> {
                    String id = all.resultAt(0);
                    Session newcomer = all.resultAt(1);
                    Session emptied = all.resultAt(2);
                    return addToCart(platform, emptied, id, 1)
                            .compose(added -> platform.http().delete("/api/cart")
                                    .bearerTokenAuthentication(emptied.accessToken()).send())
                            .compose(cleared -> cart(emptied))
                            .compose(before -> Future.all(checkout(platform, newcomer), checkout(platform, emptied))
                                    .compose(refused -> {
                                        ctx.verify(() -> {
                                            assertError(refused.resultAt(0), 400, "empty_cart");
                                            assertError(refused.resultAt(1), 400, "empty_cart");
                                        });
                                        return Future.all(cart(newcomer), cart(emptied), orders(newcomer),
                                                orders(emptied));
                                    })
                                    .map(after -> {
                                        ctx.verify(() -> {
                                            assertThat(after.<JsonObject>resultAt(0)).isNull();
                                            assertThat(after.<JsonObject>resultAt(1)).isEqualTo(before);
                                            assertThat(after.<Long>resultAt(2)).isZero();
                                            assertThat(after.<Long>resultAt(3)).isZero();
                                        });
                                        return true;
                                    }));
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    private static Future<JsonObject> cart(Session buyer) {
        return platform.mongo().findOne("carts", new JsonObject().put("_id", buyer.userId()), null);
    }
}
