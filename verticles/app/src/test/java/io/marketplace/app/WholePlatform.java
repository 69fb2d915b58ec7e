package io.marketplace.app;

import io.marketplace.auth.AuthVerticle;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.orders.OrdersVerticle;
import io.marketplace.payments.PaymentsVerticle;
import io.marketplace.products.ProductsVerticle;
import io.marketplace.testkit.RecommendationsStandIn;
import io.marketplace.testkit.TestPlatform;

/**
 * The whole platform in one Vert.x instance, as the app tests start it: the four services and the gateway, with
 * every payment succeeding unless a test configures otherwise.
 */
final class WholePlatform {

    private WholePlatform() {
    }

    static TestPlatform.Builder builder() {
        return services().verticle(GatewayVerticle::new);
    }

    /** With a stand-in for the bridge-served recommendations, so every route of the API has a service behind it. */
    static TestPlatform.Builder withRecommendations() {
        return services().verticle(RecommendationsStandIn::new).verticle(GatewayVerticle::new);
    }

    private static TestPlatform.Builder services() {
        return TestPlatform.builder()
                .verticle(AuthVerticle::new).verticle(ProductsVerticle::new).verticle(OrdersVerticle::new)
                .verticle(PaymentsVerticle::new)
                .config(ConfigKeys.PAYMENT_SUCCESS_RATE, 1.0);
    }
}
