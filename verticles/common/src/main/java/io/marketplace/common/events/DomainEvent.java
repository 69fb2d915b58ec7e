package io.marketplace.common.events;

import io.marketplace.common.json.Timestamps;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope of every domain event on {@code marketplace.events.<service>}:
 * {@code {"type", "id", "occurred_at", "version", "data"}}. {@code id} is unique per event (consumers may drop
 * duplicates by it), {@code version} is the aggregate's own sequence number after the change (a consumer keeps the
 * highest it has applied and ignores anything older), {@code data} is the aggregate as clients see it after the
 * change. Published only after the database write succeeded; delivery is at most once.
 */
public record DomainEvent(String type, String id, Instant occurredAt, long version, JsonObject data) {

    public DomainEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
    }

    /** A new event with a fresh id, occurring now. */
    public static DomainEvent of(String type, long version, JsonObject data) {
        return new DomainEvent(type, UUID.randomUUID().toString(), Timestamps.now(), version, data);
    }

    public static DomainEvent fromJson(JsonObject json) {
        return new DomainEvent(
                json.getString("type"),
                json.getString("id"),
                Instant.parse(json.getString("occurred_at")),
                json.getLong("version"),
                json.getJsonObject("data"));
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("type", type)
                .put("id", id)
                .put("occurred_at", Timestamps.format(occurredAt))
                .put("version", version)
                .put("data", data);
    }
}
