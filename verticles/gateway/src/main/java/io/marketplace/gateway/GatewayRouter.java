package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.gateway.compat.ApiFormat;
import io.marketplace.gateway.ops.ApiDocs;
import io.marketplace.gateway.ops.MetricsEndpoint;
import io.marketplace.gateway.ops.Readiness;
import io.marketplace.gateway.ratelimit.RateLimiter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Set;

/**
 * The gateway's router, in the order a request meets it: request id and access log, CORS and security headers,
 * the API format (plain or the seed's, which may answer health and docs itself), operations endpoints (health,
 * metrics, docs: never rate limited), then for {@code /api/*} the body (read first,
 * before any asynchronous step lets the request end), the token, the rate limit, and the route table's bus calls;
 * errors last.
 */
public final class GatewayRouter {

    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    private final Vertx vertx;
    private final JwtFilter jwtFilter;
    private final BusProxy proxy;
    private final RateLimiter rateLimiter;
    private final Readiness readiness;
    private final ClientKeys clientKeys;
    private final String corsOrigins;
    private final ApiFormat format;

    public GatewayRouter(Vertx vertx, JwtFilter jwtFilter, BusProxy proxy, RateLimiter rateLimiter,
                         Readiness readiness, ClientKeys clientKeys, String corsOrigins, ApiFormat format) {
        this.vertx = vertx;
        this.jwtFilter = jwtFilter;
        this.proxy = proxy;
        this.rateLimiter = rateLimiter;
        this.readiness = readiness;
        this.clientKeys = clientKeys;
        this.corsOrigins = corsOrigins;
        this.format = format;
    }

    public Router build() {
        Router router = Router.router(vertx);
        router.route().handler(RequestIds::assign);
        router.route().handler(this::logAccess);
        router.route().handler(cors());
        router.route().handler(SecurityHeaders::add);
        format.mount(router);
        router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(readiness::handle);
        router.get("/metrics").handler(MetricsEndpoint::handle);
        ApiDocs.mount(router);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route("/api/*").handler(jwtFilter::authenticate);
        router.route("/api/*").handler(rateLimiter::handle);
        for (ApiRoute route : RouteTable.all()) {
            router.route(route.method(), route.path())
                    .handler(ctx -> JwtFilter.require(ctx, route.access()))
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

    private CorsHandler cors() {
        Set<String> origins = Set.copyOf(Arrays.stream(corsOrigins == null ? new String[] {"*"} : corsOrigins.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList());
        CorsHandler cors = origins.isEmpty() || origins.contains("*")
                ? CorsHandler.create()
                : CorsHandler.create().addOrigins(origins.stream().toList());
        return cors
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
                        HttpMethod.DELETE, HttpMethod.OPTIONS))
                .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", RequestIds.HEADER))
                .exposedHeaders(Set.of(RequestIds.HEADER, "RateLimit", "RateLimit-Policy", "Retry-After"))
                .maxAgeSeconds(600);
    }

    private void logAccess(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addBodyEndHandler(ignored -> ACCESS.info("{} {} {} {}ms client={} request_id={}",
                ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(),
                (System.nanoTime() - started) / 1_000_000, clientKeys.keyOf(ctx), RequestIds.get(ctx)));
        ctx.next();
    }
}
