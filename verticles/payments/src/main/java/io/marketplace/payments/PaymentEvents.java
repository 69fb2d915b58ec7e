package io.marketplace.payments;

import io.marketplace.common.events.DomainEvent;
import io.marketplace.common.events.EventPublisher;
import io.marketplace.common.events.Events;

/**
 * Announces on {@code marketplace.events.payments} how a charge attempt ended and every refund recorded, once each:
 * the repository calls it only after a write that took effect (an attempt still processing, a refund not yet
 * recorded). An attempt being logged ({@code processing}) is not announced.
 */
public class PaymentEvents {

    private final EventPublisher publisher;

    public PaymentEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** A charge attempt as it ended: succeeded, declined, or interrupted (failed). */
    void ended(Payment attempt) {
        String type = Payment.SUCCEEDED.equals(attempt.status()) ? Events.Payments.SUCCEEDED : Events.Payments.FAILED;
        publisher.publish(DomainEvent.of(type, attempt.version(), attempt.toJson()));
    }

    void refunded(Payment refund) {
        publisher.publish(DomainEvent.of(Events.Payments.REFUNDED, refund.version(), refund.toJson()));
    }
}
