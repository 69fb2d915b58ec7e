package io.marketplace.orders;

import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.checkout;
import static io.marketplace.orders.Shop.product;
import static org.assertj.core.api.Assertions.assertThat;

/** Orders carry validators: a client revalidates its copy and gets 304 until the order changes. */
class OrderRevalidationTest extends ShopTest {

    private static Future<HttpResponse<Buffer>> get(String path, Session buyer, String ifNoneMatch) {
        var request = platform.http().get(path).bearerTokenAuthentication(buyer.accessToken());
        if (ifNoneMatch != null) {
            request.putHeader("If-None-Match", ifNoneMatch);
        }
        return request.send();
    }

    @Test
    @DisplayName("an order has a weak ETag from its version and Last-Modified, is private; If-None-Match with it is a "
            + "304 without a body; once cancelled the old tag gets a 200 with a new tag")
    void orderRevalidates(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "2.50", 5), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, 1).compose(added -> checkout(platform, buyer))
                    .compose(created -> {
                        String path = "/api/orders/" + created.bodyAsJsonObject().getString("id");
                        return get(path, buyer, null).compose(first -> {
                            String etag = first.getHeader("ETag");
                            ctx.verify(() -> {
                                assertThat(first.statusCode()).isEqualTo(200);
                                long version = first.bodyAsJsonObject().getLong("version");
                                assertThat(etag).isEqualTo("W/\"" + version + "\"");
                                assertThat(first.getHeader("Last-Modified")).endsWith(" GMT");
                                assertThat(first.getHeader("Cache-Control")).isEqualTo("private, no-cache");
                            });
                            return get(path, buyer, "\"other\", " + etag).compose(revalidated -> {
                                ctx.verify(() -> {
                                    assertThat(revalidated.statusCode()).isEqualTo(304);
                                    assertThat(revalidated.body() == null || revalidated.body().length() == 0)
                                            .isTrue();
                                    assertThat(revalidated.getHeader("ETag")).isEqualTo(etag);
                                });
                                return platform.http().post(path + "/cancel")
                                        .bearerTokenAuthentication(buyer.accessToken()).send();
                            }).compose(cancelled -> get(path, buyer, etag)).map(changed -> {
                                ctx.verify(() -> {
                                    assertThat(changed.statusCode()).isEqualTo(200);
                                    assertThat(changed.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
                                    assertThat(changed.getHeader("ETag")).isNotEqualTo(etag);
                                });
                                return changed;
                            });
                        });
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("my order list has a weak ETag too: 304 while unchanged, 200 once a new order exists")
    void listRevalidates(VertxTestContext ctx) {
        Future.all(product(platform, vendor, "1.25", 5), platform.users().user()).compose(setup -> {
            String productId = setup.resultAt(0);
            Session buyer = setup.resultAt(1);
            return addToCart(platform, buyer, productId, 1).compose(added -> checkout(platform, buyer))
                    .compose(created -> get("/api/orders", buyer, null))
                    .compose(first -> {
                        String etag = first.getHeader("ETag");
                        ctx.verify(() -> assertThat(etag).startsWith("W/\""));
                        return get("/api/orders", buyer, etag).compose(same -> {
                            ctx.verify(() -> assertThat(same.statusCode()).isEqualTo(304));
                            return addToCart(platform, buyer, productId, 1).compose(a -> checkout(platform, buyer));
                        }).compose(second -> get("/api/orders", buyer, etag)).map(changed -> {
                            ctx.verify(() -> {
                                assertThat(changed.statusCode()).isEqualTo(200);
                                assertThat(changed.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
                            });
                            return changed;
                        });
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("other private answers (the cart) are still never stored")
    void cartNotStored(VertxTestContext ctx) {
        platform.users().user().compose(buyer -> get("/api/cart", buyer, null))
                .onComplete(ctx.succeeding(cart -> ctx.verify(() -> {
                    assertThat(cart.getHeader("Cache-Control")).isEqualTo("no-store");
                    assertThat(cart.getHeader("ETag")).isNull();
                    ctx.completeNow();
                })));
    }
}
