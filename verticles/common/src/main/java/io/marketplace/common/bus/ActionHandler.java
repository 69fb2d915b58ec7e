package io.marketplace.common.bus;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** One operation of a service: the request body and the caller in, the reply body out. */
@FunctionalInterface
public interface ActionHandler {

    Future<JsonObject> handle(JsonObject body, Caller caller);
}
