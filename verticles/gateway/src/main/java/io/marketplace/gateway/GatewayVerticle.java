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
        Router router = new GatewayRouter(vertx, jwtFilter, proxy, rateLimiter, readiness, clientKeys,
                config.corsOrigins(), ApiFormat.forConfig(vertx, config)).build();
        return revokedTokens.follow().compose(ignored -> vertx.createHttpServer(new HttpServerOptions()
                        .setPort(config.httpPort())
                        .setHost("0.0.0.0")
                        .setCompressionSupported(true))
                .requestHandler(router)
                .listen())
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown();
    }
}
