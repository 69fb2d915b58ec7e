package io.marketplace.orders;

import io.marketplace.auth.AuthVerticle;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.products.ProductsVerticle;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared steps of the orders tests: a platform with auth, products, orders and the gateway, and shopper actions. */
final class Shop {

    private Shop() {
    }

    static TestPlatform.Builder platform() {
        return TestPlatform.builder()
                .verticle(AuthVerticle::new)
                .verticle(ProductsVerticle::new)
                .verticle(OrdersVerticle::new)
                .verticle(GatewayVerticle::new)
                .config(ConfigKeys.RESERVATION_RECOVERY_SECONDS, 3600);
    }

    static Future<TestPlatform> start(Vertx vertx) {
        return platform().start(vertx);
    }

    static Future<String> product(TestPlatform platform, Session vendor, String price, int stock) {
        return platform.http().post("/api/products").bearerTokenAuthentication(vendor.accessToken())
                .sendJsonObject(new JsonObject().put("name", "Product " + price).put("price", new BigDecimal(price))
                        .put("stock", stock).put("category", "test"))
                .map(response -> {
                    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
                    return response.bodyAsJsonObject().getString("id");
                });
    }

    static Future<HttpResponse<Buffer>> addToCart(TestPlatform platform, Session buyer, String productId,
                                                  Object quantity) {
        return platform.http().post("/api/cart/items").bearerTokenAuthentication(buyer.accessToken())
                .sendJsonObject(new JsonObject().put("product_id", productId).put("quantity", quantity));
    }

    static Future<HttpResponse<Buffer>> checkout(TestPlatform platform, Session buyer) {
        return platform.http().post("/api/orders").bearerTokenAuthentication(buyer.accessToken())
                .putHeader("Content-Length", "0").send();
    }

    static Future<Integer> stock(TestPlatform platform, String productId) {
        return platform.mongo().findOne("products", new JsonObject().put("_id", productId), null)
                .map(doc -> doc.getInteger("stock"));
    }

    /** Units held by open reservations of the product. */
    static Future<Integer> reserved(TestPlatform platform, String productId) {
        return platform.mongo().findOne("products", new JsonObject().put("_id", productId), null)
                .map(doc -> doc.getJsonArray("reservations").stream()
                        .mapToInt(r -> ((JsonObject) r).getInteger("quantity")).sum());
    }

    static Future<JsonObject> recover(TestPlatform platform, long staleAfterMs) {
        return platform.bus(Services.ORDERS, Actions.Orders.RECOVER,
                new JsonObject().put("stale_after_ms", staleAfterMs), Caller.system("test"));
    }
}
