package io.marketplace.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JUnit 5 extension that starts a platform once for a test class, in a Vert.x instance of its own, and stops both
 * after the class's last test (and its {@code @AfterAll} methods). Before the class's own {@code @BeforeAll} methods
 * run it sets the static fields {@code TestPlatform platform} and {@code Vertx vertx} (and, {@link #withVendor()},
 * {@code Session vendor}) where the class (or a superclass) declares them, so set-up and tests use them as before:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder().verticle(AuthVerticle::new));
 * static TestPlatform platform;
 * </pre>
 *
 * What it started is kept in the running class's extension store, not in the extension, so one registration in an
 * abstract base serves each subclass in turn.
 */
public class PlatformUnderTest implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            PlatformUnderTest.class);
    /** Starting every verticle and the embedded database takes seconds; a loaded machine may need many. */
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Function<Vertx, Future<TestPlatform>> starter;
    private final Supplier<Vertx> vertxFactory;
    private final boolean vendor;

    protected PlatformUnderTest(Function<Vertx, Future<TestPlatform>> starter) {
        this(starter, Vertx::vertx, false);
    }

    private PlatformUnderTest(Function<Vertx, Future<TestPlatform>> starter, Supplier<Vertx> vertxFactory,
                              boolean vendor) {
        this.starter = starter;
        this.vertxFactory = vertxFactory;
        this.vendor = vendor;
    }

    /**
     * The platform this builder starts, for one test class: the builder keeps the HTTP port it picked at its first
     * start, so a base class that serves several subclasses passes {@link #starting} a function that builds anew.
     */
    public static PlatformUnderTest of(TestPlatform.Builder builder) {
        return new PlatformUnderTest(builder::start);
    }

    /** The platform this function starts in the Vert.x instance it is given. */
    public static PlatformUnderTest starting(Function<Vertx, Future<TestPlatform>> starter) {
        return new PlatformUnderTest(starter);
    }

    /** The same platform with one vendor account registered and logged in: the set-up the shopping tests share. */
    public PlatformUnderTest withVendor() {
        return new PlatformUnderTest(starter, vertxFactory, true);
    }

    /** The same platform in a Vert.x instance made with these options (metrics, for one). */
    public PlatformUnderTest withVertxOptions(VertxOptions options) {
        return new PlatformUnderTest(starter, () -> Vertx.vertx(options), vendor);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Vertx vertx = vertxFactory.get();
        TestPlatform platform;
        try {
            platform = await(starter.apply(vertx));
        } catch (Exception e) {
            await(vertx.close());
            throw e;
        }
        context.getStore(NAMESPACE).put(TestPlatform.class, platform);
        Class<?> testClass = context.getRequiredTestClass();
        fill(testClass, "vertx", Vertx.class, vertx);
        fill(testClass, "platform", TestPlatform.class, platform);
        if (vendor) {
            fill(testClass, "vendor", Users.Session.class, await(platform.users().vendor()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        TestPlatform platform = context.getStore(NAMESPACE).remove(TestPlatform.class, TestPlatform.class);
        if (platform != null) {
            await(platform.close().eventually(() -> platform.vertx().close()));
        }
    }

    /** The platform started for the class now running (null before its start or where none was started). */
    protected static TestPlatform platform(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(TestPlatform.class, TestPlatform.class);
    }

    /**
     * Sets the non-final static field of this name and exactly this type where the test class or a superclass declares
     * one. By name as well as type, since a class may hold a second one of its own (another browser, another node).
     */
    protected static <T> void fill(Class<?> testClass, String name, Class<T> type, T value)
            throws IllegalAccessException {
        for (Class<?> declaring = testClass; declaring != null; declaring = declaring.getSuperclass()) {
            for (Field field : declaring.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (field.getName().equals(name) && field.getType() == type && Modifier.isStatic(modifiers)
                        && !Modifier.isFinal(modifiers)) {
                    field.setAccessible(true);
                    field.set(null, value);
                }
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
