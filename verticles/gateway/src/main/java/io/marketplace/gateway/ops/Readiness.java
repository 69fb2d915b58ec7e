package io.marketplace.gateway.ops;

import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.cluster.ClusterStanding;
import io.marketplace.common.bus.Headers;
import io.marketplace.common.bus.Services;
import io.marketplace.gateway.ErrorMapper;
import io.marketplace.gateway.ResponseBodies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health/ready}: 200 only when this node is inside the main cluster, MongoDB answers a ping and every
 * service address answers its bus {@code ping} within a second; otherwise 503 with each check's outcome and the
 * reason of each failed one, so an operator sees what is down and why.
 */
public final class Readiness {

    static final long TIMEOUT_MS = 1000;

    private final HealthChecks checks;

    public Readiness(Vertx vertx, MongoClient mongo) {
        this.checks = HealthChecks.create(vertx);
        checks.register("cluster", TIMEOUT_MS, promise -> {
            String outside = ClusterStanding.outsideReason(vertx);
            promise.complete(outside == null ? Status.OK() : Status.KO(new JsonObject().put("error", outside)));
        });
        checks.register("mongodb", TIMEOUT_MS, promise -> mongo.runCommand("ping", new JsonObject().put("ping", 1))
                .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .onComplete(result -> promise.complete(result.succeeded() ? Status.OK()
                        : Status.KO(new JsonObject().put("error", String.valueOf(result.cause().getMessage()))))));
        for (String service : Services.BUS_SERVICES) {
            checks.register(service, TIMEOUT_MS, promise -> vertx.eventBus()
                    .request(Services.address(service), new JsonObject(), new DeliveryOptions()
                            .setSendTimeout(TIMEOUT_MS).addHeader(Headers.ACTION, ActionDispatcher.PING))
                    .onComplete(reply -> promise.complete(reply.succeeded() ? Status.OK()
                            : Status.KO(new JsonObject().put("error", String.valueOf(reply.cause().getMessage()))))));
        }
    }

    public void handle(RoutingContext ctx) {
        checks.checkStatus().onComplete(result -> {
            CheckResult outcome = result.succeeded() ? result.result() : null;
            boolean up = outcome != null && outcome.getUp();
            JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN");
            JsonArray down = new JsonArray();
            JsonObject detail = new JsonObject();
            JsonObject reasons = new JsonObject();
            if (outcome != null && outcome.getChecks() != null) {
                for (CheckResult check : outcome.getChecks()) {
                    detail.put(check.getId(), check.getUp() ? "UP" : "DOWN");
                    if (!check.getUp()) {
                        down.add(check.getId());
                        JsonObject data = check.getData();
                        reasons.put(check.getId(), data == null ? "no answer" : data.getString("error",
                                data.getString("cause", "no answer")));
                    }
                }
            }
            body.put("checks", detail);
            if (!up) {
                body.put("down", down).put("reasons", reasons);
            }
            if (!up) {
                ctx.response().putHeader("Retry-After", ErrorMapper.RETRY_UNAVAILABLE_SECONDS);
            }
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json");
            ResponseBodies.end(ctx, body.toBuffer());
        });
    }
}
