package io.marketplace.app;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * An H2 database of the embedded server whose queries use what the platform declared instead of scanning: a
 * collection looks a document up by its {@code _id} whenever a query names one ({@link IdLookupCollection}), and a
 * declared non-unique index answers text equalities and numeric ranges on its first field ({@link FieldIndex});
 * mongo-java-server ignores non-unique indexes. An aggregation starting with {@code $match} starts from the same
 * lookups ({@link #handleCommand}).
 *
 * <p>Invariant: collections are stored exactly where and as {@link H2Database} stores them (same map names, same
 * documents), so a data file written by either opens with the other.
 */
final class IndexedDatabase extends H2Database {

    // The map names H2Database gives a collection's documents and its metadata (mongo-java-server 1.46).
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    private final MVStore store;

    IndexedDatabase(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    /**
     * H2Database opens the existing collections from its constructor, before this class has its store; they are
     * opened once the store is set instead (the call from the superclass constructor does nothing).
     */
    @Override
    protected void initializeNamespacesAndIndexes() {
        if (store != null) {
            super.initializeNamespacesAndIndexes();
        }
    }

    /**
     * An aggregation whose pipeline starts with {@code $match} takes its documents from that match answered as a
     * query (by id or a declared index, {@link IdLookupCollection#matching}) and runs the rest of the pipeline over
     * them; mongo-java-server would run the match over every document of the collection. It matters because the
     * driver counts with an aggregation ({@code countDocuments} is {@code $match} then {@code $group}): every
     * listing's total counted all orders or payments, not the caller's own.
     *
     * <p>Invariant: the answer is the whole pipeline's over a scan. The match keeps exactly the documents a
     * {@code $match} stage keeps (the same matcher), in the same order, and the rest of the pipeline is
     * mongo-java-server's own. Pipelines that write ({@code $out}, {@code $merge}) and change streams (whose
     * {@code $changeStream} stage comes first, where this path needs its {@code $match}) are left to the server, and
     * so is any error: this path only reads, so the server then runs the pipeline again and answers
     * with its own error.
     */
    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
                                  Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate")) {
            try {
                Document answer = aggregateFromMatch(channel, command, query, databaseResolver, oplog);
                if (answer != null) {
                    return answer;
                }
            } catch (RuntimeException e) {
                // the server's own path answers it, with its own error
            }
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    private Document aggregateFromMatch(Channel channel, String command, Document query,
                                        DatabaseResolver databaseResolver, Oplog oplog) {
        if (!(query.get(command) instanceof String collectionName)
                || !(query.get("pipeline") instanceof List<?> stages) || stages.isEmpty()
                || !(stages.get(0) instanceof Document first) || first.size() != 1
                || !(first.get("$match") instanceof Document match)
                || DurableH2Backend.mayChange(command, query)
                || !(resolveCollection(collectionName, false) instanceof IdLookupCollection collection)) {
            return null;
        }
        List<Document> pipeline = Aggregation.parse(stages);
        Aggregation rest = Aggregation.fromPipeline(pipeline.subList(1, pipeline.size()), databaseResolver, this,
                collection, oplog);
        rest.validate(query);
        List<Document> result = rest.runStages(collection.matching(match).stream());
        clearLastStatus(channel);
        Document cursor = new Document("id", 0L);
        cursor.put("ns", getFullCollectionNamespace(collectionName));
        cursor.put("firstBatch", result);
        Document response = new Document("cursor", cursor);
        response.put("ok", 1.0);
        return response;
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        return new FieldIndex(indexName, keys);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = store.openMap(DATA_PREFIX + fullName);
        MVMap<String, Object> meta = store.openMap(META_PREFIX + fullName);
        return new IdLookupCollection(this, collectionName, options, documents, meta, cursorRegistry);
    }
}
