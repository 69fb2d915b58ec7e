package io.marketplace.app;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A collection of the embedded server that answers a query naming an exact {@code _id} from that one document.
 *
 * <p>Why: mongo-java-server uses an index only when a query has exactly the index's fields, so every conditional
 * update of this platform ({@code {_id, stock: {$gte: n}}}, {@code {_id, status}}, {@code {_id, checkout_order_id}})
 * matched every document of its collection, inside the collection's lock: a checkout scanned the 10,000 products
 * once per line and the orders collection, which grows with every checkout, several times.
 *
 * <p>Invariant: the answer is the one a scan gives. The H2 backend keys each document by its {@code _id} value, so
 * the document under that key is the only one that can match; it is then matched against the whole query (every
 * other condition, sort, skip, limit and projection applied as before). Only text and ObjectId ids take this path:
 * numbers of different types can be equal in a query without being equal as keys.
 */
final class IdLookupCollection extends H2Collection {

    private static final String ID = "_id";

    private final MVMap<Object, Document> documents;

    IdLookupCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                       MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, documents, meta, cursorRegistry);
        this.documents = documents;
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                         int batchSize, Document fieldSelector) {
        Object id = exactId(query);
        if (id == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return matchDocumentsFromStream(Stream.ofNullable(documents.get(id)), query, orderBy, numberToSkip, limit,
                batchSize, fieldSelector);
    }

    /**
     * The documents matching {@code query}, found as a {@code find} finds them: by the id or a declared index when
     * one answers it, by a scan otherwise.
     */
    List<Document> matching(Document query) {
        List<Document> found = new ArrayList<>();
        queryDocuments(query, null, 0, 0, 0, null).forEach(found::add);
        return found;
    }

    private Object exactId(Document query) {
        if (!ID.equals(getIdField())) {
            return null;
        }
        Object id = query.get(ID);
        return id instanceof String || id instanceof ObjectId ? id : null;
    }
}
