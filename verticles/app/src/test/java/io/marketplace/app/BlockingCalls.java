package io.marketplace.app;

import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP calls to a test platform's gateway, one after the other, for journeys that read best as a sequence. Only the
 * test thread waits; the platform's event loops never do.
 */
final class BlockingCalls {

    /** One answered call, kept for checks that look at every answer of a journey. */
    record Exchange(HttpMethod method, String path, HttpResponse<Buffer> response) {
    }

    private final TestPlatform platform;
    private final List<Exchange> exchanges = new ArrayList<>();

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
        HttpResponse<Buffer> response = await(body == null ? request.send() : request.sendJsonObject(body));
        exchanges.add(new Exchange(request.method(), request.uri().split("\\?")[0], response));
        return response;
    }

    /** Every call answered since the last {@link #forget()}. */
    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    void forget() {
        exchanges.clear();
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
