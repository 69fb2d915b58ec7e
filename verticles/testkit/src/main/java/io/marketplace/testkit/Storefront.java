package io.marketplace.testkit;

import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;

/** A started platform with one vendor account: the set-up the shopping tests share. */
public record Storefront(TestPlatform platform, Session vendor) {

    public static Future<Storefront> open(Future<TestPlatform> starting) {
        return starting.compose(platform -> platform.users().vendor()
                .map(vendor -> new Storefront(platform, vendor))
                .recover(failure -> platform.close().transform(closed -> Future.failedFuture(failure))));
    }
}
