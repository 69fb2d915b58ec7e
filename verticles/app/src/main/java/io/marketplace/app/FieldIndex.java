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
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A non-unique index of the embedded server, held in memory, over the first field of a declared index. It narrows a
 * query to the documents that can match instead of the whole collection:
 * <ul>
 *   <li>a text equality on a plain field ({@code payments} by {@code order_id}, {@code orders} by {@code user_id});</li>
 *   <li>a numeric range ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}) on a plain field (the catalog's
 *       catch-up by {@code changed_at}, every two seconds);</li>
 *   <li>a text equality or numeric range on a dotted path ({@code reservations.at}, {@code reservations.order_id}):
 *       only documents holding something under the path's first field can match, and on the products collection
 *       those are the few with open reservations.</li>
 * </ul>
 *
 * <p>Why: mongo-java-server ignores non-unique indexes (it installs an index that handles no query), so each such
 * query scanned the collection inside its lock; the periodic catch-up and reservation passes matched all 10,000
 * products of the benchmark several times a second, which under checkout load also evicted and re-read (Java
 * deserialization) the store's pages.
 *
 * <p>Invariant: {@link #getPositions} returns every document the query can match, so the answer is the one a scan
 * gives (the collection still matches each candidate against the whole query, then sorts, skips, limits and projects
 * as before). An equality with a text matches a document whose field is that text or an array holding it among texts
 * only (orders by {@code vendor_ids}), and every document whose field is an array holding anything but texts (whose
 * matching this index does not reproduce); a comparison with a number matches only numbers (mongo-java-server compares numbers with numbers only), so
 * the candidates are the integral values in the range (bounds widened to whole numbers, both inclusive), every other
 * kind of number, and every array. A dotted path cannot match a document whose first field is missing, null or an
 * empty array. Candidates come back in the collection's own key order, as a scan would find them. The index is
 * rebuilt from the documents each time the collection is opened, so it is never stored. Like the index it replaces,
 * it reports itself as sparse and names no document's position to the collection.
 */
final class FieldIndex extends Index<Object> {

    private static final String ID = "_id";
    private static final Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte");

    private final String path;
    /** For a dotted path, the field its first step reads; null for a plain field. */
    private final String head;
    private final Map<String, Set<Object>> byText = new HashMap<>();
    private final NavigableMap<Long, Set<Object>> byWholeNumber = new TreeMap<>();
    private final Set<Object> otherNumbers = new HashSet<>();
    /** Documents whose field is an array holding anything but texts: candidates for every query. */
    private final Set<Object> inArrays = new HashSet<>();
    /** Dotted paths only: the documents holding anything under {@link #head}. */
    private final Set<Object> holders = new HashSet<>();
    /** Where each indexed document was filed, by position: its texts, a whole number, or one of this index's sets. */
    private final Map<Object, Object> filedUnder = new HashMap<>();

    FieldIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
        this.path = keys.get(0).getKey();
        int dot = path.indexOf('.');
        this.head = dot < 0 ? null : path.substring(0, dot);
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        Object condition = query.get(path);
        return condition instanceof String || range(condition) != null;
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        Object condition = query.get(path);
        List<Object> positions;
        if (head != null) {
            positions = new ArrayList<>(holders);
        } else if (condition instanceof String text) {
            positions = new ArrayList<>(byText.getOrDefault(text, Set.of()));
            positions.addAll(inArrays);
        } else {
            long[] bounds = range(condition);
            positions = new ArrayList<>();
            if (bounds[0] <= bounds[1]) {
                byWholeNumber.subMap(bounds[0], true, bounds[1], true).values().forEach(positions::addAll);
            }
            positions.addAll(otherNumbers);
            positions.addAll(inArrays);
        }
        positions.sort(ValueComparator.asc());
        return positions;
    }

    /**
     * The whole-number bounds, both inclusive, of a condition made only of numeric comparisons; null for any other
     * condition (an equality with something else than a text, {@code $ne}, {@code $in}, a comparison with a date...).
     */
    private static long[] range(Object condition) {
        if (!(condition instanceof Document operators) || operators.isEmpty()) {
            return null;
        }
        long low = Long.MIN_VALUE;
        long high = Long.MAX_VALUE;
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            if (!RANGE_OPERATORS.contains(operator.getKey()) || !(operator.getValue() instanceof Number bound)
                    || Double.isNaN(bound.doubleValue())) {
                return null;
            }
            if (operator.getKey().startsWith("$g")) {
                low = Math.max(low, wholeAtOrBelow(bound));
            } else {
                high = Math.min(high, wholeAtOrAbove(bound));
            }
        }
        return new long[] {low, high};
    }

    private static long wholeAtOrBelow(Number bound) {
        return isWhole(bound) ? bound.longValue() : (long) Math.floor(bound.doubleValue());
    }

    private static long wholeAtOrAbove(Number bound) {
        return isWhole(bound) ? bound.longValue() : (long) Math.ceil(bound.doubleValue());
    }

    private static boolean isWhole(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (position == null) {
            return;
        }
        if (head != null) {
            Object held = document.get(head);
            if (held != null && !(held instanceof Collection<?> items && items.isEmpty())) {
                holders.add(position);
                filedUnder.put(position, holders);
            }
            return;
        }
        Object value = document.get(path);
        if (value instanceof String text) {
            fileTexts(position, List.of(text));
        } else if (value instanceof Collection<?> values && values.stream().allMatch(String.class::isInstance)) {
            // an array of texts only can equal none but its texts, and no number can be in it
            fileTexts(position, values.stream().map(String.class::cast).distinct().toList());
        } else if (isWhole(value)) {
            long number = ((Number) value).longValue();
            byWholeNumber.computeIfAbsent(number, ignored -> new HashSet<>()).add(position);
            filedUnder.put(position, number);
        } else if (value instanceof Number) {
            otherNumbers.add(position);
            filedUnder.put(position, otherNumbers);
        } else if (value instanceof Collection<?>) {
            inArrays.add(position);
            filedUnder.put(position, inArrays);
        }
    }

    private void fileTexts(Object position, List<String> texts) {
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
        if (filed instanceof Set<?> set) {
            set.remove(position);
        } else if (filed instanceof List<?> texts) {
            texts.forEach(text -> dropFrom(byText, (String) text, position));
        } else if (filed instanceof Long number) {
            dropFrom(byWholeNumber, number, position);
        }
    }

    private static <K> void dropFrom(Map<K, Set<Object>> index, K key, Object position) {
        Set<Object> positions = index.get(key);
        positions.remove(position);
        if (positions.isEmpty()) {
            index.remove(key);
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
        byWholeNumber.clear();
        otherNumbers.clear();
        inArrays.clear();
        holders.clear();
        filedUnder.clear();
    }
}
