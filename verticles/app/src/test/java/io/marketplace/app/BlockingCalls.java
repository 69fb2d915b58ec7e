package io.marketplace.app;

import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.concurrent.TimeUnit;

/**
 * HTTP calls to a test platform's gateway, one after the other, for journeys that read best as a sequence. Only the
 * test thread waits; the platform's event loops never do.
 */
final class BlockingCalls {

    private final TestPlatform platform;

    BlockingCalls(TestPlatform platform) {
        this.platform = platform;
    }

    HttpResponse<Buffer> get(String uri, String token) throws Exception {
        return send(platform.http().get(uri), token, null);
    }

    HttpResponse<Buffer> post(String uri, String token, JsonObject body) throws Exception {
        return send(platform.http().post(uri), token, body);
    }

    HttpResponse<Buffer> send(HttpRequest<Buffer> request, String token, JsonObject body) throws Exception {
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
