package io.marketplace.app;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A non-unique index of the embedded server, held in memory: for the first field of a declared index, which
 * documents hold which text value. A query with a text equality on that field then matches only those documents
 * instead of the whole collection (payments by {@code order_id}, orders by {@code user_id}, and so on).
 *
 * <p>Why: mongo-java-server ignores non-unique indexes (it installs an index that handles no query), so every such
 * lookup scanned the collection inside its lock, and the payments and orders collections grow with every checkout.
 *
 * <p>Invariant: {@link #getPositions} returns every document the query can match, so the answer is the one a scan
 * gives (the collection still matches each candidate against the whole query, then sorts, skips, limits and projects
 * as before). Candidates are the documents whose field is that exact text or an array holding it among texts only
 * (an equality matches an array that contains the value: orders by {@code vendor_ids}), plus every document whose
 * field is an array holding anything but texts (whose matching this index does not reproduce); a document whose
 * field is missing, null or of another type cannot equal a text. Candidates come back in the collection's own key
 * order, as a scan would find them. The index is rebuilt from the documents each time the collection is opened, so it is never stored. Like the
 * index it replaces, it reports itself as sparse and names no document's position to the collection.
 */
final class EqualityIndex extends Index<Object> {

    private static final String ID = "_id";

    private final String field;
    private final Map<String, Set<Object>> byText = new HashMap<>();
    /** Documents whose field is an array holding anything but texts: candidates for every query. */
    private final Set<Object> inArrays = new HashSet<>();
    /** Where each indexed document was filed, by position: its texts, or this set's marker for an array. */
    private final Map<Object, Object> filedUnder = new HashMap<>();

    EqualityIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
        String first = keys.get(0).getKey();
        // A dotted path can reach into arrays of sub-documents; such an index stays inert, as before.
        this.field = first.contains(".") ? null : first;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return field != null && query.get(field) instanceof String;
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        List<Object> positions = new ArrayList<>(byText.getOrDefault((String) query.get(field), Set.of()));
        positions.addAll(inArrays);
        positions.sort(ValueComparator.asc());
        return positions;
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (field == null || position == null) {
            return;
        }
        Object value = document.get(field);
        if (value instanceof String text) {
            file(position, List.of(text));
        } else if (value instanceof Collection<?> values && values.stream().allMatch(String.class::isInstance)) {
            file(position, values.stream().map(String.class::cast).distinct().toList());
        } else if (value instanceof Collection<?>) {
            inArrays.add(position);
            filedUnder.put(position, inArrays);
        }
    }

    private void file(Object position, List<String> texts) {
        texts.forEach(text -> byText.computeIfAbsent(text, ignored -> new HashSet<>()).add(position));
        filedUnder.put(position, texts);
    }

    @Override
    public synchronized Object remove(Document document) {
        Object position = document.get(ID);
        if (position == null) {
            return null;
        }
        unfile(position);
        return position;
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
                                           MongoCollection<Object> collection) {
        unfile(position);
        add(newDocument, position, collection);
    }

    private void unfile(Object position) {
        Object filed = filedUnder.remove(position);
        if (filed == inArrays) {
            inArrays.remove(position);
        } else if (filed instanceof List<?> texts) {
            for (Object text : texts) {
                Set<Object> positions = byText.get((String) text);
                positions.remove(position);
                if (positions.isEmpty()) {
                    byText.remove((String) text);
                }
            }
        }
    }

    /** The collection finds positions through its unique indexes; this one names none, like the index it replaces. */
    @Override
    public Object getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing can conflict
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing can conflict
    }

    @Override
    public synchronized long getCount() {
        return filedUnder.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void drop() {
        byText.clear();
        inArrays.clear();
        filedUnder.clear();
    }
}
