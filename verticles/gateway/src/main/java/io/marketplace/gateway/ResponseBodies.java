package io.marketplace.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends a response with a body the gateway has in hand. A HEAD answer then carries the {@code Content-Length} the GET
 * would have (RFC 9110 §9.3.2 and §8.6), which Vert.x leaves out on its own because it sends no body for HEAD.
 */
public final class ResponseBodies {

    private ResponseBodies() {
    }

    public static Future<Void> end(RoutingContext ctx, Buffer body) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
        }
        return ctx.response().end(body);
    }
}
