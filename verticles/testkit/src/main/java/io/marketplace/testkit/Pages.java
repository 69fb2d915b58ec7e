package io.marketplace.testkit;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks a list through its {@code next} cursors to the last page, as a client would. */
public final class Pages {

    private static final int MAX_PAGES = 1000;

    private Pages() {
    }

    /**
     * Every page body of the list at {@code path} (with its query, without a cursor), requested with the token
     * (or none). {@code meanwhile} runs at the same time as each request after the first, to change the list under
     * the walk. Each page must be a 200 in the list shape.
     */
    public static Future<List<JsonObject>> walk(TestPlatform platform, String path, String token,
                                                Supplier<Future<?>> meanwhile) {
        return next(platform, path, token, null, meanwhile, new ArrayList<>());
    }

    private static Future<List<JsonObject>> next(TestPlatform platform, String path, String token, String cursor,
                                                 Supplier<Future<?>> meanwhile, List<JsonObject> pages) {
        String url = cursor == null ? path : path + (path.contains("?") ? "&" : "?") + "cursor=" + cursor;
        HttpRequest<Buffer> request = platform.http().get(url);
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        Future<HttpResponse<Buffer>> page = request.send();
        Future<?> change = cursor == null ? Future.succeededFuture() : meanwhile.get();
        return Future.all(page, change).compose(both -> {
            HttpResponse<Buffer> response = page.result();
            assertThat(response.statusCode()).as(url + " " + response.bodyAsString()).isEqualTo(200);
            JsonObject body = response.bodyAsJsonObject();
            assertThat(body.fieldNames()).as(url).contains("items", "total", "skip", "limit", "next");
            pages.add(body);
            String following = body.getString("next");
            if (following == null || pages.size() >= MAX_PAGES) {
                return Future.succeededFuture(pages);
            }
            return next(platform, path, token, following, meanwhile, pages);
        });
    }

    /** The items of every page, in order. */
    public static List<JsonObject> items(List<JsonObject> pages) {
        List<JsonObject> items = new ArrayList<>();
        pages.forEach(page -> page.getJsonArray("items").forEach(item -> items.add((JsonObject) item)));
        return items;
    }
}
