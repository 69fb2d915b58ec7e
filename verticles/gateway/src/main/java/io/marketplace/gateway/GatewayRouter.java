package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the gateway's router: request ids and access log, body limits, health, the API table, errors. */
public final class GatewayRouter {

    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    private final Vertx vertx;
    private final JwtFilter jwtFilter;
    private final BusProxy proxy;

    public GatewayRouter(Vertx vertx, JwtFilter jwtFilter, BusProxy proxy) {
        this.vertx = vertx;
        this.jwtFilter = jwtFilter;
        this.proxy = proxy;
    }

    public Router build() {
        Router router = Router.router(vertx);
        router.route().handler(RequestIds::assign);
        router.route().handler(GatewayRouter::logAccess);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        for (ApiRoute route : RouteTable.all()) {
            router.route(route.method(), route.path())
                    .handler(ctx -> jwtFilter.handle(ctx, route.access()))
                    .handler(ctx -> proxy.handle(ctx, route));
        }
        router.route().last().handler(ctx -> ErrorMapper.respond(ctx,
                ServiceException.notFound("No route for " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(ErrorMapper::handle);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, ErrorMapper::handle);
        }
        return router;
    }

    private static void logAccess(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addBodyEndHandler(ignored -> ACCESS.info("{} {} {} {}ms client={} request_id={}",
                ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(),
                (System.nanoTime() - started) / 1_000_000, clientKey(ctx), RequestIds.get(ctx)));
        ctx.next();
    }

    private static String clientKey(RoutingContext ctx) {
        var caller = JwtFilter.caller(ctx);
        if (caller.isAuthenticated()) {
            return "user:" + caller.userId();
        }
        return ctx.request().remoteAddress() == null ? "-" : ctx.request().remoteAddress().hostAddress();
    }
}
