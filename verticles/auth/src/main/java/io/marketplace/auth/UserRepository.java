package io.marketplace.auth;

import io.marketplace.common.json.Timestamps;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.mongo.Documents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;


/** Users in MongoDB. Email uniqueness is the unique index's job, so two racing registrations cannot both win. */
public class UserRepository {

    static final String COLLECTION = "users";

    private final MongoClient mongo;

    public UserRepository(MongoClient mongo) {
        this.mongo = mongo;
    }

    public Future<Void> createIndexes() {
        return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("email", 1),
                new IndexOptions().unique(true).name("email_unique"));
    }

    /** Inserts the user; a taken email fails with 409 {@code email_taken}. */
    public Future<User> insert(User user) {
        return mongo.insert(COLLECTION, user.toDocument())
                .map(user)
                .recover(failure -> Future.failedFuture(Documents.isDuplicateKey(failure)
                        ? ServiceException.conflict("email_taken", "An account with this email already exists", null)
                        : failure));
    }

    public Future<User> findByEmail(String email) {
        return mongo.findOne(COLLECTION, new JsonObject().put("email", email), null)
                .map(doc -> doc == null ? null : User.fromDocument(doc));
    }

    public Future<User> findById(String id) {
        return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null)
                .map(doc -> doc == null ? null : User.fromDocument(doc));
    }

    public Future<Void> updateFields(String id, JsonObject fields) {
        JsonObject set = fields.copy().put("updated_at", Timestamps.format(Timestamps.now()));
        return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), new JsonObject().put("$set", set))
                .mapEmpty();
    }
}
