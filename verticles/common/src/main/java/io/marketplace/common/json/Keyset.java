package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order of a listing, ending in a unique field, and where a cursor continues it. A key is the values of the
 * sort fields of one item, in sort order; because the last field is unique, "every item after this key" is exact:
 * items inserted or removed elsewhere neither repeat nor skip an item (keyset pagination). The same key works on a
 * MongoDB collection ({@link #after}) and on a sorted list in memory ({@link #compare}). Sort fields must be present
 * in every item (a missing value has no place in the order).
 */
public final class Keyset {

    private final List<String> fields;
    private final List<Boolean> ascending;

    private Keyset(List<String> fields, List<Boolean> ascending) {
        this.fields = List.copyOf(fields);
        this.ascending = List.copyOf(ascending);
    }

    /** From a MongoDB sort document ({@code {"created_at": -1, "_id": -1}}), in its field order. */
    public static Keyset of(JsonObject sort) {
        List<String> fields = new ArrayList<>();
        List<Boolean> ascending = new ArrayList<>();
        for (Map.Entry<String, Object> field : sort) {
            fields.add(field.getKey());
            ascending.add(((Number) field.getValue()).intValue() > 0);
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("A keyset needs at least the unique field");
        }
        return new Keyset(fields, ascending);
    }

    /** The MongoDB sort document. */
    public JsonObject sort() {
        JsonObject sort = new JsonObject();
        for (int i = 0; i < fields.size(); i++) {
            sort.put(fields.get(i), ascending.get(i) ? 1 : -1);
        }
        return sort;
    }

    /** The key of a stored document: its values of the sort fields. */
    public JsonArray keyOf(JsonObject document) {
        JsonArray key = new JsonArray();
        for (String field : fields) {
            key.add(document.getValue(field));
        }
        return key;
    }

    /**
     * The MongoDB filter "after this key", to combine with the listing's own filter: for a sort (a, b, id) it is
     * {@code a > ka, or a = ka and b > kb, or a = ka and b = kb and id > kid} (with < for descending fields).
     */
    public JsonObject after(JsonArray key) {
        requireShape(key);
        JsonArray any = new JsonArray();
        for (int i = 0; i < fields.size(); i++) {
            JsonObject branch = new JsonObject();
            for (int j = 0; j < i; j++) {
                branch.put(fields.get(j), key.getValue(j));
            }
            branch.put(fields.get(i), new JsonObject().put(ascending.get(i) ? "$gt" : "$lt", key.getValue(i)));
            any.add(branch);
        }
        return any.size() == 1 ? any.getJsonObject(0) : new JsonObject().put("$or", any);
    }

    /** Negative when key {@code a} comes before {@code b} in this order, as in {@link java.util.Comparator}. */
    public int compare(JsonArray a, JsonArray b) {
        for (int i = 0; i < fields.size(); i++) {
            int order = compareValues(a.getValue(i), b.getValue(i));
            if (order != 0) {
                return ascending.get(i) ? order : -order;
            }
        }
        return 0;
    }

    /** A key from a cursor must have one scalar per sort field: anything else was not made here. */
    void requireShape(JsonArray key) {
        if (key == null || key.size() != fields.size()) {
            throw invalidCursor();
        }
        for (Object value : key) {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw invalidCursor();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof Comparable x && b != null && a.getClass() == b.getClass()) {
            return x.compareTo(b);
        }
        throw invalidCursor();
    }

    static ServiceException invalidCursor() {
        return ServiceException.invalidField("cursor", "'cursor' is not a cursor of this list; "
                + "send the 'next' value of the previous page unchanged");
    }
}
