package io.marketplace.gateway.compat;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.gateway.ApiRoute;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The plain API (the default): the service's reply is the body; errors are {@code {"error": {...}}}. */
final class PlainFormat implements ApiFormat {

    static final PlainFormat INSTANCE = new PlainFormat();

    private PlainFormat() {
    }

    @Override
    public void mount(Router router) {
        // nothing to attach: ApiFormat.of falls back to this format
    }

    @Override
    public JsonObject request(ApiRoute route, JsonObject body) {
        return body;
    }

    @Override
    public FormattedResponse success(ApiRoute route, JsonObject reply) {
        return new FormattedResponse(route.status(), reply.toBuffer());
    }

    @Override
    public boolean passesRepliesThrough() {
        return true;
    }

    @Override
    public FormattedResponse error(RoutingContext ctx, ServiceException error) {
        return new FormattedResponse(error.status(), new JsonObject().put("error", error.toJson()).toBuffer());
    }
}
