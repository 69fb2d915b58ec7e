package io.marketplace.orders;

import io.marketplace.common.events.DomainEvent;
import io.marketplace.common.events.EventPublisher;
import io.marketplace.common.events.Events;

import java.util.EnumMap;
import java.util.Map;

/**
 * Announces an order's state change on {@code marketplace.events.orders}, once per change written: the repository
 * calls it only with the order its conditional update returned, so a move that lost a race (or changed nothing)
 * announces nothing. {@code reserving} is checkout's own intermediate state and is not announced; the order is
 * {@code order.created} once its stock is reserved and it awaits payment.
 */
public class OrderEvents {

    private static final Map<OrderState, String> TYPES = new EnumMap<>(Map.of(
            OrderState.PENDING_PAYMENT, Events.Orders.CREATED,
            OrderState.PAID, Events.Orders.PAID,
            OrderState.CANCELLED, Events.Orders.CANCELLED,
            OrderState.SHIPPED, Events.Orders.SHIPPED,
            OrderState.DELIVERED, Events.Orders.DELIVERED,
            OrderState.EXPIRED, Events.Orders.EXPIRED,
            OrderState.FAILED, Events.Orders.FAILED));

    private final EventPublisher publisher;

    public OrderEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** The order as just written, in the state it moved to. */
    void moved(Order order) {
        String type = TYPES.get(order.state());
        if (type != null) {
            publisher.publish(DomainEvent.of(type, order.version(), order.toJson()));
        }
    }
}
