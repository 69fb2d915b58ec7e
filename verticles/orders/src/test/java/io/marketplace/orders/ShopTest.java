package io.marketplace.orders;

import io.marketplace.testkit.Storefront;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class with its own shop ({@link Shop#start}): one platform and one vendor, opened once for the class. */
@ExtendWith(VertxExtension.class)
abstract class ShopTest {

    static TestPlatform platform;
    static Session vendor;

    @BeforeAll
    static void openShop(Vertx vertx, VertxTestContext ctx) {
        Storefront.open(Shop.start(vertx)).onComplete(ctx.succeeding(shop -> {
            platform = shop.platform();
            vendor = shop.vendor();
            ctx.completeNow();
        }));
    }

    @AfterAll
    static void closeShop(VertxTestContext ctx) {
        platform.close().onComplete(ctx.succeedingThenComplete());
    }
}
