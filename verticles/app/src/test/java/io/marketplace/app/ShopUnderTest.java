package io.marketplace.app;

import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;

/**
 * What a storefront browser test class works with, as a JUnit 5 extension: a whole platform in its own Vert.x
 * ({@link PlatformUnderTest}), calls to its gateway and one headless browser aimed at it, set into the class's static
 * fields {@code TestPlatform platform}, {@code BlockingCalls calls} and {@code ShopBrowser browser} before its
 * {@code @BeforeAll} methods run; the browser is quit, then the platform stopped, after its {@code @AfterAll}
 * methods.
 * <p>
 * Where this machine has no browser it starts nothing, runs none of the class's own set-up or tear-down methods, and
 * each test reports itself skipped with the reason ({@link ShopBrowser#assumeAvailable}): surefire reports a test
 * skipped this way with its reason, but a whole class skipped from its set-up as no test at all.
 */
final class ShopUnderTest extends PlatformUnderTest implements BeforeEachCallback, InvocationInterceptor {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ShopUnderTest.class);

    private final String browserName;

    /** The platform of this builder, and a browser whose screenshots are named after browserName. */
    ShopUnderTest(TestPlatform.Builder builder, String browserName) {
        super(builder::start);
        this.browserName = browserName;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!ShopBrowser.available()) {
            return;
        }
        super.beforeAll(context);
        TestPlatform platform = platform(context);
        ShopBrowser browser;
        try {
            browser = ShopBrowser.open(platform.port(), browserName);
        } catch (RuntimeException e) {
            super.afterAll(context);
            throw e;
        }
        context.getStore(NAMESPACE).put(ShopBrowser.class, browser);
        fill(context.getRequiredTestClass(), "browser", ShopBrowser.class, browser);
        fill(context.getRequiredTestClass(), "calls", BlockingCalls.class, new BlockingCalls(platform));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            ShopBrowser browser = context.getStore(NAMESPACE).remove(ShopBrowser.class, ShopBrowser.class);
            if (browser != null) {
                browser.close();
            }
        } finally {
            super.afterAll(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ShopBrowser.assumeAvailable();
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                         ExtensionContext context) throws Throwable {
        proceedWithBrowser(invocation);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                        ExtensionContext context) throws Throwable {
        proceedWithBrowser(invocation);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                          ExtensionContext context) throws Throwable {
        proceedWithBrowser(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                         ExtensionContext context) throws Throwable {
        proceedWithBrowser(invocation);
    }

    /** The class's own set-up and tear-down work on the shop: without a browser there is none. */
    private static void proceedWithBrowser(Invocation<Void> invocation) throws Throwable {
        if (ShopBrowser.available()) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }
}
