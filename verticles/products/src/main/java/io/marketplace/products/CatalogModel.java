package io.marketplace.products;

import io.marketplace.common.bus.JsonText;
import io.marketplace.common.json.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The catalog held in memory, answering listings, lookups and categories exactly as the database queries would.
 * Invariant: for every product it holds the state of the highest version applied, and it never goes back to an older
 * one, so applying the same change twice, or changes out of order, ends in the same state. Deleted products stay as
 * tombstones, so a late event cannot bring them back. Not thread-safe: one instance per verticle, on its event loop.
 * Listings of the current state are kept (up to {@value #CACHED_PAGES} queries) until the next change, and handed
 * out shared: callers must not modify them (the bus copies a reply for local delivery and encodes it for remote).
 */
final class CatalogModel {

    static final int CACHED_PAGES = 512;
    static final int CACHED_PRODUCTS = 16_384;

    private final Map<String, CatalogEntry> byId = new HashMap<>();
    private final Map<String, JsonObject> declaredCategories = new HashMap<>();
    private final EnumMap<ProductQuery.Sort, CatalogEntry[]> views = new EnumMap<>(ProductQuery.Sort.class);
    private JsonObject categoriesAnswer;
    private final Map<ProductQuery, JsonObject> pages = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ProductQuery, JsonObject> eldest) {
            return size() > CACHED_PAGES;
        }
    };

    /**
     * The same pages encoded, by the request's parameters as received: a repeated request is answered without
     * parsing its query, building or encoding its page, or digesting it for its tag. Emptied with {@link #pages}.
     */
    private final Map<JsonObject, JsonText> texts = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JsonObject, JsonText> eldest) {
            return size() > CACHED_PAGES;
        }
    };

    /**
     * Products read by id, encoded with their validators, each valid for the version it was encoded from; bounded, so
     * the memory per product stays what {@link CatalogMemory} counts whatever the catalog's size.
     */
    private final Map<String, EncodedProduct> productTexts = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EncodedProduct> eldest) {
            return size() > CACHED_PRODUCTS;
        }
    };

    private record EncodedProduct(long version, JsonText text) {
    }

    int size() {
        return byId.size();
    }

    /** The version held for a product, or -1 when unknown. */
    long versionOf(String id) {
        CatalogEntry entry = byId.get(id);
        return entry == null ? -1 : entry.product().version();
    }

    /** Takes the product's state if it is newer than the one held; false when it was not. */
    boolean apply(Product product) {
        CatalogEntry entry = byId.get(product.id());
        if (entry == null) {
            byId.put(product.id(), new CatalogEntry(product));
            reshaped();
            return true;
        }
        if (entry.product().version() >= product.version()) {
            return false;
        }
        if (entry.reshapes(product)) {
            reshaped();
        }
        entry.replace(product);
        pages.clear();
        texts.clear();
        return true;
    }

    void declareCategory(String key, String name, String description) {
        declaredCategories.put(key, new JsonObject().put("name", name).put("description", description));
        categoriesAnswer = null;
    }

    /** The product unless it is unknown or deleted. */
    Product active(String id) {
        CatalogEntry entry = byId.get(id);
        return entry == null || entry.product().deleted() ? null : entry.product();
    }

    /**
     * {@link #active} encoded ({@link JsonText#ofResource}), or null when unknown or deleted. Encoded once per version:
     * a kept text of an older version is replaced.
     */
    JsonText productText(String id) {
        Product product = active(id);
        if (product == null) {
            return null;
        }
        EncodedProduct cached = productTexts.get(id);
        if (cached != null && cached.version() == product.version()) {
            return cached.text();
        }
        JsonText text = JsonText.ofResource(product.toJson());
        productTexts.put(id, new EncodedProduct(product.version(), text));
        return text;
    }

    /**
     * The page and the total of matches, in the query's order. A cursor page starts after the cursor's key, found by
     * binary search in the sorted view; an offset page after that many matches.
     */
    JsonObject list(ProductQuery query) {
        JsonObject cached = pages.get(query);
        if (cached != null) {
            return cached;
        }
        JsonObject answer = page(query);
        pages.put(query, answer);
        return answer;
    }

    /**
     * {@link #list} encoded. Parameters that parse to a query (or fail to, with the same error each time) always do:
     * the parse depends on nothing else, so a page kept under the parameters is the page they ask for.
     */
    JsonText listText(JsonObject params) {
        JsonText cached = texts.get(params);
        if (cached != null) {
            return cached;
        }
        JsonText text = JsonText.of(list(ProductQuery.from(params)));
        texts.put(params.copy(), text);
        return text;
    }

    private JsonObject page(ProductQuery query) {
        ProductQuery.Sort sort = query.sort();
        CatalogEntry[] view = view(sort);
        Page page = query.page();
        List<CatalogEntry> sorted = Arrays.asList(view);
        Function<CatalogEntry, JsonArray> keyOf = entry -> sort.keyOf(entry.product());
        List<Product> fetched = new ArrayList<>(page.fetch());
        if (query.unfiltered()) {
            int from = page.startIn(sorted, keyOf, sort.keyset);
            for (int i = from; i < Math.min(from + page.fetch(), view.length); i++) {
                fetched.add(view[i].product());
            }
            return page.listing(fetched, view.length, Product::toJson, sort::keyOf);
        }
        int from = page.after() == null ? 0 : page.startIn(sorted, keyOf, sort.keyset);
        String needle = SearchText.fold(query.search());
        int matched = 0;
        int passed = 0;
        for (int i = 0; i < view.length; i++) {
            if (query.matches(view[i], needle)) {
                matched++;
                if (i >= from && passed++ >= page.offset() && fetched.size() < page.fetch()) {
                    fetched.add(view[i].product());
                }
            }
        }
        return page.listing(fetched, matched, Product::toJson, sort::keyOf);
    }

    /**
     * Declared categories and those only used by products, each with its number of active products, by name. A
     * category's display name is the one of its oldest product, as the database's grouping in insertion order gives.
     */
    JsonObject categories() {
        if (categoriesAnswer != null) {
            return categoriesAnswer.copy();
        }
        Map<String, JsonObject> byKey = new LinkedHashMap<>();
        declaredCategories.forEach((key, declared) -> byKey.put(key, declared.copy().put("product_count", 0)));
        for (CatalogEntry entry : view(ProductQuery.Sort.CREATED)) {
            JsonObject category = byKey.computeIfAbsent(entry.categoryKey(), key -> new JsonObject()
                    .put("name", entry.product().category()).putNull("description").put("product_count", 0));
            category.put("product_count", category.getInteger("product_count") + 1);
        }
        JsonArray items = new JsonArray(byKey.values().stream()
                .sorted(Comparator.comparing(category -> category.getString("name").toLowerCase()))
                .toList());
        categoriesAnswer = new JsonObject().put("items", items).put("total", items.size());
        return categoriesAnswer.copy();
    }

    private CatalogEntry[] view(ProductQuery.Sort sort) {
        return views.computeIfAbsent(sort, order -> byId.values().stream()
                .filter(entry -> !entry.product().deleted())
                .sorted(Comparator.comparing(CatalogEntry::product, order.order))
                .toArray(CatalogEntry[]::new));
    }

    private void reshaped() {
        views.clear();
        categoriesAnswer = null;
        pages.clear();
        texts.clear();
    }
}
