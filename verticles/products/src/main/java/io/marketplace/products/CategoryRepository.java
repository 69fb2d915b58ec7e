package io.marketplace.products;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.mongo.Documents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

/** Categories an admin declared; their key (lower-case name) is the document id, so duplicates cannot exist. */
public class CategoryRepository {

    static final String COLLECTION = "categories";

    private final MongoClient mongo;

    public CategoryRepository(MongoClient mongo) {
        this.mongo = mongo;
    }

    public Future<JsonObject> insert(String name, String description) {
        JsonObject doc = new JsonObject()
                .put("_id", CategoryKey.of(name))
                .put("name", name)
                .put("description", description)
                .put("created_at", System.currentTimeMillis());
        return mongo.insert(COLLECTION, doc).map(doc).recover(failure -> Future.failedFuture(
                Documents.isDuplicateKey(failure)
                        ? ServiceException.conflict("category_exists", "Category '" + name + "' already exists", null)
                        : failure));
    }

    public Future<List<JsonObject>> all() {
        return mongo.find(COLLECTION, new JsonObject());
    }
}
