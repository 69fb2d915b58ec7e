package io.marketplace.app;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * An H2 database of the embedded server whose queries use what the platform declared instead of scanning: a
 * collection looks a document up by its {@code _id} whenever a query names one ({@link IdLookupCollection}), and a
 * declared non-unique index answers text equalities and numeric ranges on its first field ({@link FieldIndex});
 * mongo-java-server ignores non-unique indexes.
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
