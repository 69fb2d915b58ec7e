package io.marketplace.gateway.compat;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.Input;
import io.marketplace.common.json.Page;
import io.marketplace.gateway.ApiRoute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code API_COMPAT=seed}: the FastAPI seed system's format ({@code seed/seed-exchanges.json}). Every success is 200
 * with {@code {"success": true, "data": ..., "message": ...}} where {@code data} is the route's seed shape
 * ({@link SeedRoutes}); errors are the seed's ({@link SeedErrors}); {@code /health} and {@code /openapi.yaml} answer in
 * the seed's terms. What the seed's clients send is already accepted by the plain API (login as JSON or form, the
 * {@code POST /api/cart} alias, any category, a public catalog), so requests change only in their default paging.
 */
final class SeedFormat implements ApiFormat {

    private static final Logger LOG = LoggerFactory.getLogger(SeedFormat.class);

    private final SeedHealth health;
    /** Derived once per gateway, on a worker: reading and writing the YAML takes too long for an event loop. */
    private final Future<Buffer> document;

    SeedFormat(Vertx vertx) {
        this.health = new SeedHealth(vertx);
        this.document = vertx.executeBlocking(SeedApiDocument::render)
                .onFailure(failure -> LOG.error("Cannot derive the seed-format API document", failure));
    }

    @Override
    public void mount(Router router) {
        router.route().handler(ctx -> ApiFormat.attach(ctx, this));
        router.get("/health").handler(health::handle);
        router.get("/openapi.yaml").handler(ctx -> document
                .onSuccess(yaml -> ctx.response().putHeader("Content-Type", "application/yaml").end(yaml))
                .onFailure(ctx::fail));
    }

    @Override
    public JsonObject request(ApiRoute route, JsonObject body) {
        Integer limit = SeedRoutes.defaultLimit(route);
        if (limit != null && body.getValue("limit") == null) {
            body.put("limit", limit);
        }
        if (limit != null) {
            // The seed validates 1 <= limit <= 100 (422); the plain API reads 0 as the default and serves 100 at most.
            Input.optionalInt(body, "limit", 1, Page.MAX_LIMIT, limit);
        }
        return body;
    }

    @Override
    public FormattedResponse success(ApiRoute route, JsonObject reply) {
        SeedRoutes.Shape shape = SeedRoutes.shapeOf(route);
        JsonObject envelope = new JsonObject()
                .put("success", true)
                .put("data", shape.data().apply(reply))
                .put("message", shape.message());
        return new FormattedResponse(200, envelope.toBuffer());
    }

    @Override
    public FormattedResponse error(RoutingContext ctx, ServiceException error) {
        return SeedErrors.toSeed(ctx, error);
    }
}
