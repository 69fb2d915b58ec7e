package io.marketplace.common.mongo;

import io.marketplace.common.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/**
 * The one way services obtain MongoDB: the configured {@code MONGO_URL}, else the embedded server on loopback, with
 * the write concern of {@code MONGO_WRITE_CONCERN} (journaled on a majority unless set otherwise).
 */
public final class MongoClients {

    private static final String POOL = "marketplace";

    private MongoClients() {
    }

    /** A client shared by every verticle of this Vert.x instance, so one node keeps one connection pool. */
    public static MongoClient shared(Vertx vertx, AppConfig config) {
        JsonObject options = new JsonObject()
                .put("connection_string", config.effectiveMongoUrl())
                .put("db_name", config.mongoDatabase())
                .put("serverSelectionTimeoutMS", 5000)
                .put("connectTimeoutMS", 5000)
                .put("maxPoolSize", 50)
                .mergeIn(config.mongoWriteConcern().clientOptions());
        return MongoClient.createShared(vertx, options, POOL + "@" + config.effectiveMongoUrl());
    }
}
