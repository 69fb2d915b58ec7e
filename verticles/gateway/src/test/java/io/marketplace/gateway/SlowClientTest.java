package io.marketplace.gateway;

import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send too slowly, over raw sockets: a stalled body gets 408 with the error body and a close, a stalled
 * head or an idle kept-alive connection is closed. The limits are shortened for the test (0.5 s read, 1 s idle).
 */
@ExtendWith(VertxExtension.class)
class SlowClientTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(GatewayVerticle::new)
            .config(ConfigKeys.HTTP_READ_TIMEOUT_MS, 500)
            .config(ConfigKeys.HTTP_IDLE_TIMEOUT_SECONDS, 1));
    private static TestPlatform platform;
    private static NetClient net;

    @BeforeAll
    static void connectable() {
        net = platform.vertx().createNetClient();
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    /** Sends the bytes and collects everything the server answers until it closes the connection. */
    private static Future<String> sendAndAwaitClose(String bytes) {
        return net.connect(platform.port(), "127.0.0.1").compose(socket -> {
            Promise<String> closed = Promise.promise();
            Buffer received = Buffer.buffer();
            socket.handler(received::appendBuffer);
            socket.closeHandler(ignored -> closed.tryComplete(received.toString()));
            socket.write(bytes);
            return closed.future();
        }).timeout(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a body announced as 100 bytes that stops after 13 gets 408 with the error body, then a close")
    void stalledBody(VertxTestContext ctx) {
        sendAndAwaitClose("POST /api/products HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\": \"ab")
                .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                    assertThat(answer).startsWith("HTTP/1.1 408");
                    assertThat(answer).contains("\"code\":\"request_timeout\"");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a request head trickled a byte every 100 ms (never idle) is closed without an answer")
    void trickledHead(VertxTestContext ctx) {
        String head = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(100);
        long started = System.nanoTime();
        net.connect(platform.port(), "127.0.0.1").compose(socket -> {
            Promise<String> closed = Promise.promise();
            Buffer received = Buffer.buffer();
            socket.handler(received::appendBuffer);
            socket.closeHandler(ignored -> closed.tryComplete(received.toString()));
            int[] sent = {0};
            long timer = platform.vertx().setPeriodic(100, id -> {
                if (sent[0] < head.length()) {
                    socket.write(String.valueOf(head.charAt(sent[0]++)));
                }
            });
            return closed.future().onComplete(done -> platform.vertx().cancelTimer(timer));
        }).timeout(10, java.util.concurrent.TimeUnit.SECONDS)
                .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                    assertThat(answer).isEmpty();
                    assertThat(System.nanoTime() - started).as("closed by the head deadline, not after the whole head")
                            .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(8));
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a kept-alive connection gets its answer, then is closed once idle; a prompt request is served")
    void idleKeepAlive(VertxTestContext ctx) {
        sendAndAwaitClose("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                    assertThat(answer).startsWith("HTTP/1.1 200");
                    assertThat(answer).contains("\"status\":\"UP\"");
                    ctx.completeNow();
                })));
    }
}
