package io.marketplace.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** One request id follows a request from the client through the gateway's access log into the service's log. */
@ExtendWith(VertxExtension.class)
class RequestIdLoggingTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(GatewayVerticle::new).verticle(GatewayRoutingTest.FakeProducts::new));
    private static TestPlatform platform;
    private static final ListAppender<ILoggingEvent> CAPTURED = new ListAppender<>();

    @BeforeAll
    static void capture() {
        Logger dispatcher = (Logger) LoggerFactory.getLogger(ActionDispatcher.class);
        dispatcher.setLevel(Level.DEBUG);
        dispatcher.addAppender(CAPTURED);
        ((Logger) LoggerFactory.getLogger("access")).addAppender(CAPTURED);
        CAPTURED.start();
    }

    @AfterAll
    static void stop() {
        CAPTURED.stop();
    }

    @Test
    @DisplayName("the client's X-Request-Id comes back, and both the access log and the service log carry it")
    void requestIdTravels(VertxTestContext ctx) {
        String requestId = "trace-" + System.nanoTime();
        platform.http().get("/api/products/p-9").putHeader("X-Request-Id", requestId).send()
                .onComplete(ctx.succeeding(response -> platform.vertx().setTimer(100, id -> ctx.verify(() -> {
                    assertThat(response.getHeader("X-Request-Id")).isEqualTo(requestId);
                    assertThat(CAPTURED.list).anySatisfy(event -> {
                        assertThat(event.getLoggerName()).isEqualTo(ActionDispatcher.class.getName());
                        assertThat(event.getFormattedMessage()).contains("products get ok")
                                .contains("request_id=" + requestId);
                        assertThat(event.getMDCPropertyMap()).containsEntry("request_id", requestId);
                    });
                    assertThat(CAPTURED.list).anySatisfy(event -> {
                        assertThat(event.getLoggerName()).isEqualTo("access");
                        assertThat(event.getFormattedMessage()).contains("GET /api/products/p-9 200")
                                .contains("request_id=" + requestId);
                    });
                    ctx.completeNow();
                }))));
    }

    @Test
    @DisplayName("an unusable X-Request-Id is replaced by a generated one")
    void insaneIdReplaced(VertxTestContext ctx) {
        platform.http().get("/health").putHeader("X-Request-Id", "bad id with spaces").send()
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.getHeader("X-Request-Id")).isNotEqualTo("bad id with spaces")
                            .matches("[0-9a-f-]{36}");
                    ctx.completeNow();
                })));
    }
}
