package io.marketplace.payments;

import io.marketplace.auth.AuthVerticle;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.orders.OrdersVerticle;
import io.marketplace.products.ProductsVerticle;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared steps of the payments tests: the whole platform, and a buyer with an order awaiting payment. */
final class Checkout {

    private Checkout() {
    }

    static TestPlatform.Builder platform(double successRate, long seed) {
        return TestPlatform.builder()
                .verticle(AuthVerticle::new)
                .verticle(ProductsVerticle::new)
                .verticle(OrdersVerticle::new)
                .verticle(PaymentsVerticle::new)
                .verticle(GatewayVerticle::new)
                .config(ConfigKeys.RESERVATION_RECOVERY_SECONDS, 3600)
                .config(ConfigKeys.PAYMENT_SUCCESS_RATE, successRate)
                .config(ConfigKeys.PAYMENT_SEED, seed);
    }

    /** A buyer and an order of {@code quantity} units at {@code price}, pending payment. */
    record PendingOrder(Session buyer, String orderId, String productId, JsonObject order) {
    }

    static Future<PendingOrder> pendingOrder(TestPlatform platform, Session vendor, String price, int quantity) {
        return Future.all(platform.users().user(), platform.http().post("/api/products")
                        .bearerTokenAuthentication(vendor.accessToken())
                        .sendJsonObject(new JsonObject().put("name", "Paid thing").put("price", new BigDecimal(price))
                                .put("stock", 100)))
                .compose(setup -> {
                    Session buyer = setup.resultAt(0);
                    String productId = ((HttpResponse<Buffer>) setup.resultAt(1)).bodyAsJsonObject().getString("id");
                    return platform.http().post("/api/cart/items").bearerTokenAuthentication(buyer.accessToken())
                            .sendJsonObject(new JsonObject().put("product_id", productId).put("quantity", quantity))
                            .compose(cart -> platform.http().post("/api/orders")
                                    .bearerTokenAuthentication(buyer.accessToken()).send())
                            .map(order -> {
                                assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
                                JsonObject body = order.bodyAsJsonObject();
                                return new PendingOrder(buyer, body.getString("id"), productId, body);
                            });
                });
    }

    static JsonObject payment(String orderId) {
        return new JsonObject().put("order_id", orderId).put("payment_method", "credit_card")
                .put("card_details", new JsonObject());
    }

    static HttpRequest<Buffer> pay(TestPlatform platform, Session buyer) {
        return platform.http().post("/api/payments/process").bearerTokenAuthentication(buyer.accessToken());
    }
}
