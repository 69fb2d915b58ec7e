package io.marketplace.orders;

import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A test class with its own shop ({@link Shop#start}): one platform and one vendor, opened once for the class. */
@ExtendWith(VertxExtension.class)
abstract class ShopTest {

    @RegisterExtension
    static final PlatformUnderTest SHOP = PlatformUnderTest.starting(Shop::start).withVendor();
    static TestPlatform platform;
    static Session vendor;
}
