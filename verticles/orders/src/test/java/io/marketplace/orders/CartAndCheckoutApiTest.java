package io.marketplace.orders;

import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.checkout;
import static io.marketplace.orders.Shop.product;
import static io.marketplace.orders.Shop.stock;
import static org.assertj.core.api.Assertions.assertThat;

/** Carts and checkout through the gateway, as the seed's curl commands drive them. */
class CartAndCheckoutApiTest extends ShopTest {

    @Test
    @DisplayName("the seed flow: add to cart, create an order with an empty body; totals exact to the cent, "
            + "stock reserved, cart emptied")
    void seedFlow(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "19.99", 10), product(platform, vendor, "5.01", 10),
                        platform.users().user())
                .compose(all -> {
                    String a = all.resultAt(0);
                    String b = all.resultAt(1);
                    Session buyer = all.resultAt(2);
                    return addToCart(platform, buyer, a, 3)
                            .compose(r -> platform.http().post("/api/cart").bearerTokenAuthentication(buyer.accessToken())
                                    .sendJsonObject(new JsonObject().put("product_id", b).put("quantity", 1)))
                            .compose(cart -> {
                                ctx.verify(() -> {
                                    assertThat(cart.statusCode()).isEqualTo(200);
                                    assertThat(cart.bodyAsJsonObject().getValue("total"))
                                            .isEqualTo(new BigDecimal("64.98"));
                                });
                                return checkout(platform, buyer);
                            })
                            .compose(order -> {
                                ctx.verify(() -> {
                                    assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
                                    JsonObject body = order.bodyAsJsonObject();
                                    assertThat(body.getString("status")).isEqualTo("pending_payment");
                                    assertThat(body.getValue("total")).isEqualTo(new BigDecimal("64.98"));
                                    assertThat(order.bodyAsString()).contains("\"total\":64.98");
                                    assertThat(body.getJsonArray("items")).hasSize(2);
                                    assertThat(body.getString("user_id")).isEqualTo(buyer.userId());
                                    assertThat(body.getString("expires_at")).isNotNull();
                                });
                                return Future.all(stock(platform, a), stock(platform, b),
                                        platform.http().get("/api/cart").bearerTokenAuthentication(buyer.accessToken())
                                                .send(),
                                        platform.http().get("/api/orders").bearerTokenAuthentication(buyer.accessToken())
                                                .send());
                            });
                })
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    assertThat((Integer) after.resultAt(0)).isEqualTo(7);
                    assertThat((Integer) after.resultAt(1)).isEqualTo(9);
                    JsonObject cart = ((HttpResponse<Buffer>) after.resultAt(2)).bodyAsJsonObject();
                    assertThat(cart.getJsonArray("items")).isEmpty();
                    JsonObject orders = ((HttpResponse<Buffer>) after.resultAt(3)).bodyAsJsonObject();
                    assertThat(orders.getLong("total")).isEqualTo(1);
                    assertThat(orders.getJsonArray("items").getJsonObject(0).getString("status"))
                            .isEqualTo("pending_payment");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("the cart keeps the price of the moment the product was added, also in the order")
    void priceSnapshot(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "10.00", 5), platform.users().user()).compose(all -> {
            String id = all.resultAt(0);
            Session buyer = all.resultAt(1);
            return addToCart(platform, buyer, id, 1)
                    .compose(r -> platform.http().patch("/api/products/" + id)
                            .bearerTokenAuthentication(vendor.accessToken())
                            .sendJsonObject(new JsonObject().put("price", 12)))
                    .compose(r -> addToCart(platform, buyer, id, 1))
                    .compose(cart -> {
                        ctx.verify(() -> {
                            JsonObject line = cart.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
                            assertThat(line.getInteger("quantity")).isEqualTo(2);
                            assertThat(line.getValue("unit_price")).isEqualTo(new BigDecimal("10.00"));
                            assertThat(line.getValue("line_total")).isEqualTo(new BigDecimal("20.00"));
                        });
                        return checkout(platform, buyer);
                    });
        }).onComplete(ctx.succeeding(order -> ctx.verify(() -> {
            assertThat(order.bodyAsJsonObject().getValue("total")).isEqualTo(new BigDecimal("20.00"));
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("bad cart input is 400, an unknown product 404, and the cart is unchanged")
    void cartValidation(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "3.00", 5), platform.users().user()).compose(all -> {
            String id = all.resultAt(0);
            Session buyer = all.resultAt(1);
            return Future.all(List.of(
                            addToCart(platform, buyer, id, 0),
                            addToCart(platform, buyer, id, 1001),
                            addToCart(platform, buyer, id, new BigDecimal("1.5")),
                            addToCart(platform, buyer, id, "abc"),
                            addToCart(platform, buyer, id, -1),
                            platform.http().post("/api/cart/items").bearerTokenAuthentication(buyer.accessToken())
                                    .sendJsonObject(new JsonObject().put("quantity", 1)),
                            addToCart(platform, buyer, "000000000000000000000000", 1)))
                    .compose(results -> {
                        ctx.verify(() -> {
                            for (int i = 0; i < 6; i++) {
                                assertError(results.resultAt(i), 400, "validation_error");
                            }
                            assertError(results.resultAt(6), 404, "product_not_found");
                        });
                        return platform.http().get("/api/cart").bearerTokenAuthentication(buyer.accessToken()).send();
                    });
        }).onComplete(ctx.succeeding(cart -> ctx.verify(() -> {
            assertThat(cart.bodyAsJsonObject().getJsonArray("items")).isEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("PATCH changes a line's quantity (0 removes it), DELETE removes a line or empties the cart")
    void editCart(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "2.50", 50), product(platform, vendor, "4.00", 50),
                platform.users().user()).compose(all -> {
            String a = all.resultAt(0);
            String b = all.resultAt(1);
            Session buyer = all.resultAt(2);
            String token = buyer.accessToken();
            return addToCart(platform, buyer, a, 1)
                    .compose(r -> addToCart(platform, buyer, b, 1))
                    .compose(r -> platform.http().patch("/api/cart/items/" + a).bearerTokenAuthentication(token)
                            .sendJsonObject(new JsonObject().put("quantity", 4)))
                    .compose(patched -> {
                        ctx.verify(() -> assertThat(patched.bodyAsJsonObject().getValue("total"))
                                .isEqualTo(new BigDecimal("14.00")));
                        return platform.http().patch("/api/cart/items/" + b).bearerTokenAuthentication(token)
                                .sendJsonObject(new JsonObject().put("quantity", 0));
                    })
                    .compose(removedByZero -> {
                        ctx.verify(() -> assertThat(removedByZero.bodyAsJsonObject().getJsonArray("items")).hasSize(1));
                        return platform.http().delete("/api/cart/items/" + b).bearerTokenAuthentication(token).send();
                    })
                    .compose(notThere -> {
                        ctx.verify(() -> assertError(notThere, 404, "not_found"));
                        return platform.http().delete("/api/cart/items/" + a).bearerTokenAuthentication(token).send();
                    })
                    .compose(removed -> {
                        ctx.verify(() -> assertThat(removed.bodyAsJsonObject().getJsonArray("items")).isEmpty());
                        return addToCart(platform, buyer, a, 2);
                    })
                    .compose(r -> platform.http().delete("/api/cart").bearerTokenAuthentication(token).send());
        }).onComplete(ctx.succeeding(cleared -> ctx.verify(() -> {
            assertThat(cleared.statusCode()).isEqualTo(200);
            assertThat(cleared.bodyAsJsonObject().getJsonArray("items")).isEmpty();
            assertThat(cleared.bodyAsJsonObject().getValue("total")).isEqualTo(new BigDecimal("0.00"));
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("checking out an empty cart is 400 and creates no order")
    void emptyCart(VertxTestContext ctx) {
        platform.users().user().compose(buyer -> checkout(platform, buyer).compose(response -> {
            ctx.verify(() -> assertError(response, 400, "empty_cart"));
            return platform.mongo().count("orders", new JsonObject().put("user_id", buyer.userId()));
        })).onComplete(ctx.succeeding(count -> ctx.verify(() -> {
            assertThat(count).isZero();
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a short line fails the checkout with 409 naming it; the order is kept as failed, the cart untouched")
    void shortLine(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "1.00", 5), product(platform, vendor, "1.00", 1),
                platform.users().user()).compose(all -> {
            String plenty = all.resultAt(0);
            String scarce = all.resultAt(1);
            Session buyer = all.resultAt(2);
            return addToCart(platform, buyer, plenty, 2)
                    .compose(r -> addToCart(platform, buyer, scarce, 2))
                    .compose(r -> checkout(platform, buyer))
                    .compose(response -> {
                        ctx.verify(() -> {
                            assertError(response, 409, "insufficient_stock");
                            JsonObject details = response.bodyAsJsonObject().getJsonObject("error")
                                    .getJsonObject("details");
                            assertThat(details.getString("product_id")).isEqualTo(scarce);
                            assertThat(details.getInteger("available")).isEqualTo(1);
                        });
                        return Future.all(stock(platform, plenty), stock(platform, scarce),
                                platform.http().get("/api/cart").bearerTokenAuthentication(buyer.accessToken()).send(),
                                platform.mongo().find("orders", new JsonObject().put("user_id", buyer.userId())));
                    });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat((Integer) after.resultAt(0)).isEqualTo(5);
            assertThat((Integer) after.resultAt(1)).isEqualTo(1);
            assertThat(((HttpResponse<Buffer>) after.resultAt(2)).bodyAsJsonObject().getJsonArray("items")).hasSize(2);
            List<JsonObject> orders = after.resultAt(3);
            assertThat(orders).hasSize(1);
            assertThat(orders.get(0).getString("status")).isEqualTo("failed");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a shipping address is stored on the order; another user cannot see the order (404)")
    void shippingAddressAndPrivacy(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "7.00", 5), platform.users().user(), platform.users().user())
                .compose(all -> {
                    String id = all.resultAt(0);
                    Session buyer = all.resultAt(1);
                    Session stranger = all.resultAt(2);
                    JsonObject address = new JsonObject().put("street", "1 Main St").put("city", "Springfield");
                    return addToCart(platform, buyer, id, 1)
                            .compose(r -> platform.http().post("/api/orders")
                                    .bearerTokenAuthentication(buyer.accessToken())
                                    .sendJsonObject(new JsonObject().put("shipping_address", address)))
                            .compose(order -> {
                                ctx.verify(() -> assertThat(order.bodyAsJsonObject().getJsonObject("shipping_address"))
                                        .isEqualTo(address));
                                String path = "/api/orders/" + order.bodyAsJsonObject().getString("id");
                                return Future.all(
                                        platform.http().get(path).bearerTokenAuthentication(buyer.accessToken()).send(),
                                        platform.http().get(path).bearerTokenAuthentication(stranger.accessToken())
                                                .send(),
                                        platform.http().get(path).bearerTokenAuthentication(vendor.accessToken())
                                                .send(),
                                        platform.http().post(path + "/cancel")
                                                .bearerTokenAuthentication(stranger.accessToken()).send());
                            });
                })
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertThat(((HttpResponse<Buffer>) all.resultAt(0)).statusCode()).isEqualTo(200);
                    assertError(all.resultAt(1), 404, "not_found");
                    assertThat(((HttpResponse<Buffer>) all.resultAt(2)).statusCode())
                            .as("the vendor selling a line sees the order").isEqualTo(200);
                    assertError(all.resultAt(3), 404, "not_found");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("orders list newest first with paging and a total")
    void listOrders(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "1.00", 10), platform.users().user()).compose(all -> {
            String id = all.resultAt(0);
            Session buyer = all.resultAt(1);
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < 3; i++) {
                chain = chain.compose(ignored -> addToCart(platform, buyer, id, 1))
                        .compose(ignored -> checkout(platform, buyer)).mapEmpty();
            }
            return chain.compose(ignored -> Future.all(
                    platform.http().get("/api/orders?limit=2").bearerTokenAuthentication(buyer.accessToken()).send(),
                    platform.http().get("/api/orders?limit=2&page=2").bearerTokenAuthentication(buyer.accessToken())
                            .send()));
        }).onComplete(ctx.succeeding(pages -> ctx.verify(() -> {
            JsonObject first = ((HttpResponse<Buffer>) pages.resultAt(0)).bodyAsJsonObject();
            JsonObject second = ((HttpResponse<Buffer>) pages.resultAt(1)).bodyAsJsonObject();
            assertThat(first.getLong("total")).isEqualTo(3);
            assertThat(first.getJsonArray("items")).hasSize(2);
            assertThat(second.getJsonArray("items")).hasSize(1);
            JsonArray items = first.getJsonArray("items");
            assertThat(items.getJsonObject(0).getString("created_at"))
                    .isGreaterThanOrEqualTo(items.getJsonObject(1).getString("created_at"));
            ctx.completeNow();
        })));
    }
}
