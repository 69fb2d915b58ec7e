package io.marketplace.gateway;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Headers;
import io.marketplace.common.bus.JsonText;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.gateway.compat.ApiFormat;
import io.marketplace.gateway.compat.FormattedResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * Turns an HTTP request into one bus request: the body {@link RequestReader} built, the caller in headers. The reply
 * becomes the response body, in the request's {@link ApiFormat}. Node loss is handled by {@link InFlightRequests}: a
 * read is retried once on a surviving node, a write never (it fails at once when its node left).
 */
public final class BusProxy {

    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final BusClient bus;
    private final InFlightRequests inFlight;

    public BusProxy(BusClient bus, InFlightRequests inFlight) {
        this.bus = bus;
        this.inFlight = inFlight;
    }

    public void handle(RoutingContext ctx, ApiRoute route) {
        ApiFormat format = ApiFormat.of(ctx);
        JsonObject body;
        Caller caller;
        try {
            body = HttpCaching.withPreconditions(ctx, route, format.request(route, RequestReader.busBody(ctx)));
            caller = withIdempotencyKey(JwtFilter.caller(ctx), ctx.request().getHeader(HeaderNames.IDEMPOTENCY_KEY));
        } catch (ServiceException e) {
            ctx.fail(e);
            return;
        }
        Function<JsonObject, JsonText> encoder = format.passesRepliesThrough() ? keptEncoded(route) : null;
        if (encoder != null) {
            inFlight.send(route.service(), true, address -> bus.requestTextAt(address, route.action(), body, caller,
                            encoder))
                    .onComplete(reply -> {
                        if (reply.failed()) {
                            ctx.fail(reply.cause());
                        } else if (!HttpCaching.notModified(ctx, route, reply.result())) {
                            ctx.response().setStatusCode(route.status())
                                    .putHeader(HeaderNames.CONTENT_TYPE, HeaderNames.APPLICATION_JSON);
                            ResponseBodies.end(ctx, Buffer.buffer(reply.result().json()));
                        }
                    });
            return;
        }
        Future<JsonObject> request = inFlight.send(route.service(), route.method() == HttpMethod.GET,
                address -> bus.requestAt(address, route.action(), body, caller));
        request.onComplete(reply -> {
            if (reply.failed()) {
                ctx.fail(reply.cause());
                return;
            }
            FormattedResponse response = format.success(route, reply.result());
            if (HttpCaching.notModified(ctx, route, reply.result(), response.body())) {
                return;
            }
            String location = route.locationOf(reply.result());
            if (location != null) {
                ctx.response().putHeader("Location", location);
            }
            ctx.response()
                    .setStatusCode(response.status())
                    .putHeader(HeaderNames.CONTENT_TYPE, HeaderNames.APPLICATION_JSON);
            ResponseBodies.end(ctx, response.body());
        });
    }

    /**
     * The catalog listing and a product, which the products service keeps encoded (per query, per product version)
     * with their validators: asked for as JSON text, they reach the response without being copied, encoded or
     * digested again here. The answer is how a reply that comes as an object all the same is encoded; null for every
     * other route.
     */
    private static Function<JsonObject, JsonText> keptEncoded(ApiRoute route) {
        if (!route.service().equals(Services.PRODUCTS)) {
            return null;
        }
        return switch (route.action()) {
            case Actions.Products.LIST -> JsonText::of;
            case Actions.Products.GET -> JsonText::ofResource;
            default -> null;
        };
    }

    private static Caller withIdempotencyKey(Caller caller, String key) {
        if (key == null) {
            return caller;
        }
        if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw ServiceException.invalidField(Headers.IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        return caller.withIdempotencyKey(key);
    }
}
