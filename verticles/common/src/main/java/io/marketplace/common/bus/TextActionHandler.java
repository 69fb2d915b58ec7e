package io.marketplace.common.bus;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** An operation that can answer with its reply already encoded ({@link JsonText}), for callers that ask for text. */
@FunctionalInterface
public interface TextActionHandler {

    Future<JsonText> handle(JsonObject body, Caller caller);
}
