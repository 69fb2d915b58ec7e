package io.marketplace.products;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.FieldErrors;
import io.marketplace.common.json.Input;
import io.marketplace.common.json.Keyset;
import io.marketplace.common.json.Page;
import io.marketplace.common.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A validated catalog listing request. It answers the same question two ways, which must agree: as a Mongo filter,
 * sort and page (the database path), and as a predicate and order over products (the read model).
 */
record ProductQuery(String search, String categoryKey, String vendorId, Long minCents, Long maxCents,
                    Boolean inStock, Sort sort, Page page) {

    /** Every parameter a catalog listing accepts; any other is a 400 naming it. */
    static final Set<String> PARAMS = Stream.concat(Page.PARAMS.stream(), Stream.of("search", "category", "vendor_id",
            "min_price", "max_price", "in_stock", "sort")).collect(Collectors.toUnmodifiableSet());

    /**
     * The listing orders; every one ends in the id so pages never overlap or skip. The comparator, the MongoDB sort
     * and the cursor key ({@link #keyOf}, compared by the {@link Keyset}) give one and the same order.
     */
    enum Sort {
        PRICE("price", new JsonObject().put("price_cents", 1).put("_id", 1),
                Comparator.comparingLong((Product p) -> p.price().cents()).thenComparing(Product::id)),
        PRICE_DESC("-price", new JsonObject().put("price_cents", -1).put("_id", 1),
                Comparator.comparingLong((Product p) -> -p.price().cents()).thenComparing(Product::id)),
        NAME("name", new JsonObject().put("name", 1).put("_id", 1),
                Comparator.comparing(Product::name).thenComparing(Product::id)),
        NAME_DESC("-name", new JsonObject().put("name", -1).put("_id", 1),
                Comparator.comparing(Product::name, Comparator.reverseOrder()).thenComparing(Product::id)),
        CREATED("created_at", new JsonObject().put("created_at", 1).put("_id", 1),
                Comparator.comparingLong((Product p) -> p.createdAt().toEpochMilli()).thenComparing(Product::id)),
        CREATED_DESC("-created_at", new JsonObject().put("created_at", -1).put("_id", -1),
                Comparator.comparingLong((Product p) -> p.createdAt().toEpochMilli()).thenComparing(Product::id)
                        .reversed());

        final String key;
        final JsonObject mongo;
        final Comparator<Product> order;
        final Keyset keyset;

        Sort(String key, JsonObject mongo, Comparator<Product> order) {
            this.key = key;
            this.mongo = mongo;
            this.order = order;
            this.keyset = Keyset.of(mongo);
        }

        /** The product's place in this order, as stored: the sort field's value, then the id. */
        JsonArray keyOf(Product product) {
            Object value = switch (this) {
                case PRICE, PRICE_DESC -> product.price().cents();
                case NAME, NAME_DESC -> product.name();
                case CREATED, CREATED_DESC -> product.createdAt().toEpochMilli();
            };
            return new JsonArray().add(value).add(product.id());
        }

        private static final Map<String, Sort> BY_KEY = Map.of(
                PRICE.key, PRICE, PRICE_DESC.key, PRICE_DESC, NAME.key, NAME, NAME_DESC.key, NAME_DESC,
                CREATED.key, CREATED, CREATED_DESC.key, CREATED_DESC);
    }

    /** The query, or one 400 naming every invalid parameter (unknown ones included). */
    static ProductQuery from(JsonObject params) {
        FieldErrors errors = new FieldErrors();
        errors.check(() -> {
            Input.requireOnly(params, PARAMS);
            return null;
        });
        Sort sort = errors.check(() -> sortOf(Input.optionalString(params, "sort", 20)));
        String search = errors.check(() -> Input.optionalString(params, "search", 200));
        String category = errors.check(() -> Input.optionalString(params, "category", 100));
        String vendorId = errors.check(() -> Input.optionalString(params, "vendor_id", 100));
        Money min = errors.check(() -> Money.optional(params, "min_price"));
        Money max = errors.check(() -> Money.optional(params, "max_price"));
        if (min != null && max != null && min.compareTo(max) > 0) {
            errors.add("min_price", "invalid", "'min_price' must not exceed 'max_price'");
        }
        Boolean inStock = errors.check(() -> Input.optionalBoolean(params, "in_stock"));
        Page page = errors.check(() -> Page.from(params));
        errors.throwIfAny();
        return new ProductQuery(
                search == null || search.isBlank() ? null : search.strip(),
                category == null || category.isBlank() ? null : CategoryKey.of(category),
                vendorId == null || vendorId.isBlank() ? null : vendorId,
                min == null ? null : min.cents(),
                max == null ? null : max.cents(),
                inStock,
                sort,
                page);
    }

    private static Sort sortOf(String key) {
        Sort sort = Sort.BY_KEY.get(key == null || key.isBlank() ? "-created_at" : key.strip());
        if (sort == null) {
            throw ServiceException.invalidField("sort", "'sort' must be one of price, -price, name, -name, "
                    + "created_at, -created_at");
        }
        return sort;
    }

    /** True when only the page differs from the whole active catalog in this order: the listing is a slice. */
    boolean unfiltered() {
        return search == null && categoryKey == null && vendorId == null && minCents == null && maxCents == null
                && inStock == null;
    }

    /** The read model's predicate for one active product; {@code foldedSearch} is {@link SearchText#fold} of it. */
    boolean matches(CatalogEntry entry, String foldedSearch) {
        Product product = entry.product();
        long cents = product.price().cents();
        return (categoryKey == null || categoryKey.equals(entry.categoryKey()))
                && (vendorId == null || vendorId.equals(product.vendorId()))
                && (minCents == null || cents >= minCents)
                && (maxCents == null || cents <= maxCents)
                && (inStock == null || inStock == (product.stock() > 0))
                && (foldedSearch == null || entry.contains(foldedSearch));
    }

    JsonObject filter() {
        JsonObject filter = new JsonObject().put("deleted", false);
        if (search != null) {
            JsonObject pattern = new JsonObject().put("$regex", literal(search)).put("$options", "i");
            filter.put("$or", new JsonArray()
                    .add(new JsonObject().put("name", pattern))
                    .add(new JsonObject().put("description", pattern.copy())));
        }
        if (categoryKey != null) {
            filter.put("category_key", categoryKey);
        }
        if (vendorId != null) {
            filter.put("vendor_id", vendorId);
        }
        if (minCents != null || maxCents != null) {
            JsonObject range = new JsonObject();
            if (minCents != null) {
                range.put("$gte", minCents);
            }
            if (maxCents != null) {
                range.put("$lte", maxCents);
            }
            filter.put("price_cents", range);
        }
        if (inStock != null) {
            filter.put("stock", inStock ? new JsonObject().put("$gt", 0) : 0);
        }
        return filter;
    }

    JsonObject mongoSort() {
        return sort.mongo.copy();
    }

    /** The database filter of this page: the listing's, and after the cursor's key when there is one. */
    JsonObject pageFilter() {
        return page.filter(filter(), sort.keyset);
    }

    /** Escapes every regex metacharacter so user text only ever matches itself. */
    static String literal(String text) {
        StringBuilder escaped = new StringBuilder(text.length() * 2);
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}/-".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
