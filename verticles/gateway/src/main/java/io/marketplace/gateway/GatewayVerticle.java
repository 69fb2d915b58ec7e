package io.marketplace.gateway;

import io.marketplace.common.auth.Jwt;
import io.marketplace.common.auth.RevokedTokens;
import io.marketplace.common.bus.BusClient;
import io.marketplace.common.config.AppConfig;
import io.marketplace.common.json.JsonSupport;
import io.marketplace.common.mongo.MongoClients;
import io.marketplace.gateway.compat.ApiFormat;
import io.marketplace.gateway.ops.Readiness;
import io.marketplace.gateway.ratelimit.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/** The only HTTP entry point: routes the public API onto the bus. */
public class GatewayVerticle extends VerticleBase {

    private HttpServer server;

    @Override
    public Future<?> start() {
        JsonSupport.install();
        AppConfig config = AppConfig.fromJson(config());
        MongoClient mongo = MongoClients.shared(vertx, config);
        RevokedTokens revokedTokens = new RevokedTokens(vertx, mongo);
        JwtFilter jwtFilter = new JwtFilter(Jwt.provider(vertx, config), revokedTokens);
        BusProxy proxy = new BusProxy(new BusClient(vertx, config.busTimeoutMs()), InFlightRequests.watching(vertx));
        ClientKeys clientKeys = new ClientKeys(config.trustedProxies());
        RateLimiter rateLimiter = new RateLimiter(RateLimiter.countersFor(vertx), clientKeys,
                config.rateLimitPerMinute());
        rateLimiter.syncPeriodically(vertx);
        Readiness readiness = new Readiness(vertx, mongo);
        RequestDeadlines deadlines = new RequestDeadlines(vertx, config.httpReadTimeoutMs(),
                TimeUnit.SECONDS.toMillis(config.httpIdleTimeoutSeconds()));
        deadlines.start();
        Router router = new GatewayRouter(vertx, jwtFilter, proxy, rateLimiter, readiness, clientKeys,
                config.corsOrigins(), ApiFormat.forConfig(vertx, config), deadlines).build();
        return revokedTokens.follow().compose(ignored -> vertx.createHttpServer(new HttpServerOptions()
                        .setPort(config.httpPort())
                        .setHost("0.0.0.0")
                        .setCompressionSupported(true)
                        // without h2c sniffing the connection exists from its first byte, so the head deadline
                        // can start there (with it, Vert.x reports a connection only after a complete head)
                        .setHttp2ClearTextEnabled(false)
                        .setIdleTimeout(config.httpIdleTimeoutSeconds())
                        .setIdleTimeoutUnit(TimeUnit.SECONDS))
                .connectionHandler(deadlines::onConnection)
                .requestHandler(request -> {
                    deadlines.onRequest(request);
                    router.handle(request);
                })
                .listen())
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown();
    }
}
