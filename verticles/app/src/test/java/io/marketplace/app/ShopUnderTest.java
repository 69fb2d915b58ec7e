package io.marketplace.app;

import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Vertx;

import static io.marketplace.app.BlockingCalls.await;

/**
 * What a storefront browser test class works with: a whole platform in its own Vert.x, calls to its gateway, and
 * one headless browser aimed at it. Started only where a browser exists (else the class is skipped with the reason);
 * closing it quits the browser and stops the platform.
 */
record ShopUnderTest(Vertx vertx, TestPlatform platform, BlockingCalls calls, ShopBrowser browser)
        implements AutoCloseable {

    /** Starts the platform of this builder and a browser whose screenshots are named after browserName. */
    static ShopUnderTest start(TestPlatform.Builder builder, String browserName) throws Exception {
        ShopBrowser.assumeAvailable();
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
