package io.marketplace.testkit;

import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Stands in on {@code marketplace.recommendations} for the Node.js service that serves it over the TCP bridge, in
 * tests that go through every route and need each to answer (the real service runs in {@code RecommendationsIT}):
 * it knows no purchases, so every product has no recommendations.
 */
public final class RecommendationsStandIn extends VerticleBase {

    @Override
    public Future<?> start() {
        return new ActionDispatcher(Services.RECOMMENDATIONS)
                .on(Actions.Recommendations.RECOMMEND, (body, caller) ->
                        Future.succeededFuture(new JsonObject().put("items", new JsonArray())))
                .register(vertx);
    }
}
