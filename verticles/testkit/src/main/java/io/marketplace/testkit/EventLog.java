package io.marketplace.testkit;

import io.marketplace.common.events.DomainEvent;
import io.marketplace.common.events.Events;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Every domain event one service published while a test listened, in arrival order. Events from one publisher arrive
 * in publishing order, so waiting for a later event proves that an earlier write published nothing more.
 */
public final class EventLog {

    private static final long WAIT_MILLIS = 10_000;

    private final Vertx vertx;
    private final MessageConsumer<JsonObject> consumer;
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();

    private EventLog(Vertx vertx, String service) {
        this.vertx = vertx;
        this.consumer = vertx.eventBus().consumer(Events.address(service),
                message -> events.add(DomainEvent.fromJson(message.body())));
    }

    /** Listens to {@code marketplace.events.<service>} from now on. */
    public static EventLog listen(Vertx vertx, String service) {
        return new EventLog(vertx, service);
    }

    /** The events whose aggregate ({@code data.id}) is the given one. */
    public List<DomainEvent> of(String aggregateId) {
        return events.stream().filter(event -> aggregateId.equals(event.data().getString("id"))).toList();
    }

    /** The aggregate's events once there are {@code count} of them; fails if they do not come within 10 s. */
    public Future<List<DomainEvent>> awaitCount(String aggregateId, int count) {
        return await(() -> of(aggregateId).size() >= count).map(ignored -> of(aggregateId));
    }

    /** Completes once the condition holds; fails if it does not within 10 s. */
    public Future<Void> await(BooleanSupplier condition) {
        Promise<Void> done = Promise.promise();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        vertx.setPeriodic(0, 20, timer -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(timer);
                done.tryComplete();
            } else if (System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(timer);
                done.tryFail(new AssertionError("The expected events did not arrive within " + WAIT_MILLIS
                        + " ms; seen: " + events));
            }
        });
        return done.future();
    }

    /** The events matching the predicate, in arrival order. */
    public List<DomainEvent> matching(Predicate<DomainEvent> predicate) {
        return events.stream().filter(predicate).toList();
    }

    public Future<Void> close() {
        return consumer.unregister();
    }
}
