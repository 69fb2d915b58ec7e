package io.marketplace.auth;

import io.marketplace.common.json.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** A stored account. The password hash never leaves the auth service: {@link #toJson()} omits it. */
public record User(String id, String email, String fullName, String role, String passwordHash, boolean active,
                   Instant createdAt, Instant updatedAt) {

    public static User fromDocument(JsonObject doc) {
        return new User(
                doc.getString("_id"),
                doc.getString("email"),
                doc.getString("full_name"),
                doc.getString("role"),
                doc.getString("password_hash"),
                doc.getBoolean("is_active", true),
                Instant.parse(doc.getString("created_at")),
                Instant.parse(doc.getString("updated_at", doc.getString("created_at"))));
    }

    public JsonObject toDocument() {
        return new JsonObject()
                .put("_id", id)
                .put("email", email)
                .put("full_name", fullName)
                .put("role", role)
                .put("password_hash", passwordHash)
                .put("is_active", active)
                .put("created_at", Timestamps.format(createdAt))
                .put("updated_at", Timestamps.format(updatedAt));
    }

    /** The public view of the account. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("email", email)
                .put("full_name", fullName)
                .put("role", role)
                .put("roles", new JsonArray().add(role))
                .put("is_active", active)
                .put("created_at", Timestamps.format(createdAt))
                .put("updated_at", Timestamps.format(updatedAt));
    }
}
