package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.gateway.compat.ApiFormat;
import io.marketplace.gateway.events.BrowserBridge;
import io.marketplace.gateway.ops.ApiDocs;
import io.marketplace.gateway.ops.MetricsEndpoint;
import io.marketplace.gateway.ops.Readiness;
import io.marketplace.gateway.ratelimit.RateLimiter;
import io.marketplace.storefront.StorefrontAssets;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The gateway's router, in the order a request meets it: the edge (the connection's next deadline, request id and
 * access log, security and protocol headers, CORS: one handler), the API format (plain or the seed's, which may
 * answer health and docs itself), the method table (400 for an undecodable path, 405 or OPTIONS for a known path),
 * the browsers' event-bus bridge at {@code /eventbus}, operations endpoints (health, metrics, docs: never rate limited), the storefront's page and
 * assets at {@code /} (never rate limited either: they are static), then for {@code /api/*} the body (read first,
 * before any asynchronous step lets the request end), the token, the rate limit, and the route table's bus calls
 * (each GET also answering HEAD); errors last.
 */
public final class GatewayRouter {

    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** The GET-only operations paths outside the route table, for the method table. */
    static final List<String> OPERATIONS_PATHS = List.of("/health", "/health/ready", "/metrics", "/openapi.yaml",
            "/docs");
    /** Every GET-only path outside the route table: operations and the storefront. */
    static final List<String> GET_ONLY_PATHS = java.util.stream.Stream.concat(OPERATIONS_PATHS.stream(),
            StorefrontAssets.PATHS.stream()).toList();

    private static final Buffer HEALTH_UP = new JsonObject().put("status", "UP").toBuffer();
    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    private final Vertx vertx;
    private final JwtFilter jwtFilter;
    private final BusProxy proxy;
    private final RateLimiter rateLimiter;
    private final Readiness readiness;
    private final ClientKeys clientKeys;
    private final String corsOrigins;
    private final ApiFormat format;
    private final RequestDeadlines deadlines;

    public GatewayRouter(Vertx vertx, JwtFilter jwtFilter, BusProxy proxy, RateLimiter rateLimiter,
                         Readiness readiness, ClientKeys clientKeys, String corsOrigins, ApiFormat format,
                         RequestDeadlines deadlines) {
        this.vertx = vertx;
        this.jwtFilter = jwtFilter;
        this.proxy = proxy;
        this.rateLimiter = rateLimiter;
        this.readiness = readiness;
        this.clientKeys = clientKeys;
        this.corsOrigins = corsOrigins;
        this.format = format;
        this.deadlines = deadlines;
    }

    public Router build() {
        Router router = Router.router(vertx);
        CorsPolicy cors = CorsPolicy.of(corsOrigins);
        router.route().handler(ctx -> {
            if (!atTheEdge(ctx, cors)) {
                ctx.next();
            }
        });
        format.mount(router);
        router.route().handler(RequestReader::checkPath);
        router.route().handler(MethodTable.of(RouteTable.all(), GET_ONLY_PATHS));
        // SockJS's xhr transports read their frames from the request body
        router.route(BrowserBridge.PATH + "/*").handler(BodyHandler.create(false)
                .setBodyLimit(BrowserBridge.MAX_FRAME_BYTES));
        router.route(BrowserBridge.PATH + "/*").subRouter(BrowserBridge.router(vertx, jwtFilter));
        readable(router, "/health").handler(ctx -> {
            ctx.response().putHeader(HeaderNames.CONTENT_TYPE, HeaderNames.APPLICATION_JSON);
            ResponseBodies.end(ctx, HEALTH_UP);
        });
        readable(router, "/health/ready").handler(readiness::handle);
        readable(router, "/metrics").handler(MetricsEndpoint::handle);
        ApiDocs.mount(router);
        StorefrontAssets.mount(router);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route("/api/*").handler(jwtFilter::authenticate);
        router.route("/api/*").handler(rateLimiter::handle);
        for (ApiRoute route : RouteTable.all()) {
            Route routed = router.route(route.path()).method(route.method());
            if (route.method() == HttpMethod.GET) {
                routed.method(HttpMethod.HEAD);
            }
            routed.handler(ctx -> JwtFilter.require(ctx, route.access()))
                    .handler(ctx -> RequestReader.read(ctx, route))
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

    /** A GET route that answers HEAD too (RFC 9110 §9.3.2: same headers, no body). */
    public static Route readable(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    /**
     * What every request gets before any route: its deadline for the next request on the connection, its id, its
     * access-log line, the security and protocol headers, and CORS; true when that answered it (a CORS preflight).
     * One handler rather than one each: every handler a request passes costs a turn of the router.
     */
    private boolean atTheEdge(RoutingContext ctx, CorsPolicy cors) {
        deadlines.awaitNextRequest(ctx);
        RequestIds.assign(ctx);
        logAccess(ctx);
        SecurityHeaders.add(ctx);
        ProtocolHeaders.add(ctx);
        return cors.apply(ctx);
    }

    private void logAccess(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addBodyEndHandler(ignored -> ACCESS.info("{} {} {} {}ms client={} request_id={}",
                ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(),
                (System.nanoTime() - started) / 1_000_000, clientKeys.keyOf(ctx), RequestIds.get(ctx)));
    }
}
