package io.marketplace.common.mongo;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code MONGO_WRITE_CONCERN}: what a real MongoDB must have done before it acknowledges a write. The default,
 * {@link #MAJORITY}, is journaled on a majority of the replica set, so an acknowledged write survives the loss of the
 * primary and a crash of every member. (The embedded server ignores write concerns: it acknowledges a write only
 * once committed and synced, the equivalent of {@code j: true} on its single node.)
 */
public enum WriteConcernSetting {

    /** {@code {w: "majority", j: true}}: survives a crash and a failover. */
    MAJORITY(new JsonObject().put("w", "majority").put("j", true).put("wtimeoutMS", 10_000)),
    /** {@code {w: 1, j: true}}: survives a crash of the primary, may be rolled back by a failover. */
    JOURNALED(new JsonObject().put("w", 1).put("j", true)),
    /** {@code {w: 1}}: in the primary's memory only; the last ~100 ms of writes can be lost in a crash. */
    ACKNOWLEDGED(new JsonObject().put("w", 1));

    private final JsonObject clientOptions;

    WriteConcernSetting(JsonObject clientOptions) {
        this.clientOptions = clientOptions;
    }

    /** The Vert.x Mongo client's write-concern options ({@code w}, {@code j}, {@code wtimeoutMS}). */
    public JsonObject clientOptions() {
        return clientOptions.copy();
    }

    public static WriteConcernSetting parse(String value) {
        String name = value == null ? "majority" : value.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(setting -> setting.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("MONGO_WRITE_CONCERN must be majority, journaled or "
                        + "acknowledged, got '" + value + "'"));
    }
}
