package io.marketplace.common.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.function.Function;

/** Calls another service's action over the bus; any failure comes back as a {@link ServiceException}. */
public final class BusClient {

    private final Vertx vertx;
    private final long timeoutMs;
    /** The end of this node's own service addresses ({@link Services#nodeAddress}); null when not clustered. */
    private final String ownNodeSuffix;

    public BusClient(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
        this.ownNodeSuffix = cluster == null ? null : Services.nodeAddressSuffix(cluster.getNodeId());
    }

    public Future<JsonObject> request(String service, String action, JsonObject body, Caller caller) {
        return requestAt(Services.address(service), action, body, caller);
    }

    /** The same request to a given address of a service, such as one node's own ({@link Services#nodeAddress}). */
    public Future<JsonObject> requestAt(String address, String action, JsonObject body, Caller caller) {
        DeliveryOptions options = caller.writeTo(deliveryTo(address)).addHeader(Headers.ACTION, action);
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
        DeliveryOptions options = caller.writeTo(deliveryTo(address))
                .addHeader(Headers.ACTION, action).addHeader(Headers.REPLY_AS, Headers.TEXT);
        return vertx.eventBus()
                .request(address, body, options)
                .map(message -> message.body() instanceof String json
                        ? new JsonText(json, message.headers().get(Headers.ENTITY_TAG),
                                message.headers().get(Headers.LAST_MODIFIED))
                        : encoder.apply(message.body() instanceof JsonObject object ? object : new JsonObject()))
                .recover(failure -> Future.failedFuture(ServiceException.from(failure)));
    }

    /**
     * A request to this node's own address of a service stays on this node ({@code localOnly}): its consumer can only
     * be here, and the clustered bus would otherwise look the address up in the cluster's registrations and pick a
     * node for every message, which was a visible share of a product read's CPU (docs/performance.md). When the
     * service is not deployed here, the request fails undelivered, as it did before.
     */
    private DeliveryOptions deliveryTo(String address) {
        return new DeliveryOptions().setSendTimeout(timeoutMs)
                .setLocalOnly(ownNodeSuffix != null && address.endsWith(ownNodeSuffix));
    }
}
