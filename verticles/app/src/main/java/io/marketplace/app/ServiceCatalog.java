package io.marketplace.app;

import io.marketplace.auth.AuthVerticle;
import io.marketplace.common.bus.Services;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.orders.OrdersVerticle;
import io.marketplace.payments.PaymentsVerticle;
import io.marketplace.products.ProductsVerticle;
import io.vertx.core.Deployable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Which verticle serves each role a node can host. Services first, the gateway last, so it opens HTTP when ready. */
final class ServiceCatalog {

    private static final Map<String, Supplier<? extends Deployable>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put(Services.AUTH, AuthVerticle::new);
        FACTORIES.put(Services.PRODUCTS, ProductsVerticle::new);
        FACTORIES.put(Services.ORDERS, OrdersVerticle::new);
        FACTORIES.put(Services.PAYMENTS, PaymentsVerticle::new);
        FACTORIES.put(Services.GATEWAY, GatewayVerticle::new);
    }

    private ServiceCatalog() {
    }

    static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    static Supplier<? extends Deployable> factory(String name) {
        Supplier<? extends Deployable> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new StartupException("Unknown service '" + name + "'; choose from " + String.join(",", names()));
        }
        return factory;
    }

    /** The requested services in deployment order, duplicates removed. */
    static List<String> ordered(List<String> requested) {
        requested.forEach(ServiceCatalog::factory);
        return names().stream().filter(requested::contains).toList();
    }
}
