package io.marketplace.gateway.bridge;

import io.marketplace.common.bus.Headers;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/products/{id}/recommendations} through the gateway, served by a client of the real TCP bridge (a
 * raw socket playing the Node.js service): what the service receives, what the caller gets, and the fast 503 while
 * no service is connected. The bus timeout is 30 s and every HTTP call gives up after 10 s, so a 503 that only came
 * with the timeout fails the test.
 */
class RecommendationsRouteTest {

    private static final int BRIDGE_PORT = TestPlatform.freePort();
    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(GatewayVerticle::new)
            .verticle(TcpBridgeVerticle::new)
            .config(ConfigKeys.BRIDGE_PORT, BRIDGE_PORT)
            .config(ConfigKeys.BUS_TIMEOUT_MS, 30_000));
    private static TestPlatform platform;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Future<HttpResponse<Buffer>> recommendations(String query) {
        return platform.http().get("/api/products/p-1/recommendations" + query).timeout(10_000).send();
    }

    @Test
    @DisplayName("with no recommendations service connected the answer is 503 service_unavailable with Retry-After, "
            + "long before the bus timeout")
    void unavailable() throws Exception {
        HttpResponse<Buffer> response = await(recommendations(""));
        assertError(response, 503, "service_unavailable");
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    }

    @Test
    @DisplayName("a bridge service receives {id, limit} with action recommend and its items are the response; its "
            + "failure answer is the status and error body; once it disconnects the route is 503 again")
    void servedOverTheBridge() throws Exception {
        try (RawBridgeClient service = new RawBridgeClient(BRIDGE_PORT)) {
            service.send(RawBridgeClient.frame("register", "marketplace.recommendations"))
                    .send(RawBridgeClient.ping()).readUntilPong();

            Future<HttpResponse<Buffer>> served = recommendations("?limit=3");
            JsonObject request = service.read();
            assertThat(request.getJsonObject("headers").getString(Headers.ACTION)).isEqualTo("recommend");
            assertThat(request.getJsonObject("headers").getString(Headers.REQUEST_ID)).isNotBlank();
            assertThat(request.getJsonObject("body")).isEqualTo(new JsonObject().put("limit", "3").put("id", "p-1"));
            JsonObject items = new JsonObject().put("items", new JsonArray()
                    .add(new JsonObject().put("product_id", "p-2").put("score", 2)));
            service.send(RawBridgeClient.frame("send", request.getString("replyAddress")).put("body", items));
            HttpResponse<Buffer> response = await(served);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsJsonObject()).isEqualTo(items);

            Future<HttpResponse<Buffer>> refused = recommendations("?limit=-1");
            JsonObject second = service.read();
            service.send(RawBridgeClient.frame("send", second.getString("replyAddress")).put("failureCode", 400)
                    .put("message", new JsonObject().put("code", "validation_error")
                            .put("message", "limit must be between 0 and 50").encode()));
            assertError(await(refused), 400, "validation_error");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        HttpResponse<Buffer> after = await(recommendations(""));
        while (after.statusCode() != 503 && System.nanoTime() < deadline) {
            after = await(recommendations(""));
        }
        assertError(after, 503, "service_unavailable");
    }
}
