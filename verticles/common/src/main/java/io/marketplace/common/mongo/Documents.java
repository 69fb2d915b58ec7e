package io.marketplace.common.mongo;

import io.vertx.core.json.JsonObject;

/** Small helpers for the shape of stored documents versus API resources. */
public final class Documents {

    public static final String MONGO_ID = "_id";

    private Documents() {
    }

    /** True when Mongo rejected a write because of a unique index. */
    public static boolean isDuplicateKey(Throwable failure) {
        String message = failure == null ? null : String.valueOf(failure.getMessage());
        return message != null && (message.contains("E11000") || message.contains("duplicate key"));
    }

    /** The {@code _id} of a stored document renamed to {@code id}, as every API resource shows it. */
    public static JsonObject withApiId(JsonObject document) {
        JsonObject copy = document.copy();
        Object id = copy.remove(MONGO_ID);
        if (id != null) {
            copy.put("id", id.toString());
        }
        return copy;
    }
}
