package io.marketplace.common.events;

import io.vertx.core.Vertx;

/**
 * Publishes one service's domain events on its events address, to every node listening (the bus is best-effort:
 * a consumer that must not miss a change reconciles with the database).
 */
public final class EventPublisher {

    private final Vertx vertx;
    private final String address;

    public EventPublisher(Vertx vertx, String service) {
        this.vertx = vertx;
        this.address = Events.address(service);
    }

    public void publish(DomainEvent event) {
        vertx.eventBus().publish(address, event.toJson());
    }
}
