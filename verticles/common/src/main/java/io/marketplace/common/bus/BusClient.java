package io.marketplace.common.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/** Calls another service's action over the bus; any failure comes back as a {@link ServiceException}. */
public final class BusClient {

    private final Vertx vertx;
    private final long timeoutMs;

    public BusClient(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
    }

    public Future<JsonObject> request(String service, String action, JsonObject body, Caller caller) {
        return requestAt(Services.address(service), action, body, caller);
    }

    /** The same request to a given address of a service, such as one node's own ({@link Services#nodeAddress}). */
    public Future<JsonObject> requestAt(String address, String action, JsonObject body, Caller caller) {
        DeliveryOptions options = caller.writeTo(new DeliveryOptions().setSendTimeout(timeoutMs))
                .addHeader(Headers.ACTION, action);
        return vertx.eventBus()
                .<JsonObject>request(address, body, options)
                .map(message -> message.body() == null ? new JsonObject() : message.body())
                .recover(failure -> Future.failedFuture(ServiceException.from(failure)));
    }

    /**
     * {@link #requestAt}, asking for the reply as JSON text ({@link JsonText}). A service that keeps that action's
     * answer encoded sends it as is; any other answers with a JSON object, which {@code encoder} encodes here
     * ({@link JsonText#of} for a list page, {@link JsonText#ofResource} for one resource).
     */
    public Future<JsonText> requestTextAt(String address, String action, JsonObject body, Caller caller,
                                          Function<JsonObject, JsonText> encoder) {
        DeliveryOptions options = caller.writeTo(new DeliveryOptions().setSendTimeout(timeoutMs))
                .addHeader(Headers.ACTION, action).addHeader(Headers.REPLY_AS, Headers.TEXT);
        return vertx.eventBus()
                .request(address, body, options)
                .map(message -> message.body() instanceof String json
                        ? new JsonText(json, message.headers().get(Headers.ENTITY_TAG),
                                message.headers().get(Headers.LAST_MODIFIED))
                        : encoder.apply(message.body() instanceof JsonObject object ? object : new JsonObject()))
                .recover(failure -> Future.failedFuture(ServiceException.from(failure)));
    }
}
