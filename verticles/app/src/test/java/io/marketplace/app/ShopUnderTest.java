package io.marketplace.app;

import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Vertx;

import static io.marketplace.app.BlockingCalls.await;

/**
 * What a storefront browser test class works with: a whole platform in its own Vert.x, calls to its gateway, and
 * one headless browser aimed at it; closing it quits the browser and stops the platform. Where no browser exists
 * there is none (null), and each test skips itself with the reason ({@link ShopBrowser#assumeAvailable}).
 */
record ShopUnderTest(Vertx vertx, TestPlatform platform, BlockingCalls calls, ShopBrowser browser)
        implements AutoCloseable {

    /**
     * Starts the platform of this builder and a browser whose screenshots are named after browserName; null where
     * this machine has no browser, so as not to start a platform for nothing.
     */
    static ShopUnderTest start(TestPlatform.Builder builder, String browserName) throws Exception {
        if (!ShopBrowser.available()) {
            return null;
        }
        Vertx vertx = Vertx.vertx();
        TestPlatform platform;
        try {
            platform = await(builder.start(vertx));
        } catch (Exception e) {
            await(vertx.close());
            throw e;
        }
        try {
            return new ShopUnderTest(vertx, platform, new BlockingCalls(platform),
                    ShopBrowser.open(platform.port(), browserName));
        } catch (RuntimeException e) {
            await(platform.close().compose(ignored -> vertx.close()));
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            browser.close();
        } finally {
            await(platform.close().compose(ignored -> vertx.close()));
        }
    }
}
