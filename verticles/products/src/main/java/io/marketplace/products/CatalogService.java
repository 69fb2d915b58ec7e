package io.marketplace.products;

import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.JsonText;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.events.Events;
import io.marketplace.common.json.FieldErrors;
import io.marketplace.common.json.Input;
import io.marketplace.common.json.Keyset;
import io.marketplace.common.json.Page;
import io.marketplace.common.json.Timestamps;
import io.marketplace.common.money.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The catalog: browsing for everyone, listings for vendors, categories for admins. Reads come from the read model
 * while it serves (the database otherwise); every write goes to the database first, as one conditional update that
 * also checks ownership, and only what the database wrote reaches the read model and the event stream.
 */
public class CatalogService {

    static final int MAX_STOCK = 1_000_000;
    static final String DEFAULT_CATEGORY = "general";
    static final String EXPECTED_VERSIONS = "expected_versions";
    private static final Keyset CATEGORY_ORDER = Keyset.of(new JsonObject().put("folded_name", 1).put("name", 1));

    private final ProductRepository products;
    private final CategoryRepository categories;
    private final CatalogReadModel readModel;

    CatalogService(ProductRepository products, CategoryRepository categories, CatalogReadModel readModel) {
        this.products = products;
        this.categories = categories;
        this.readModel = readModel;
    }

    public Future<JsonObject> list(JsonObject params, Caller caller) {
        ProductQuery query = ProductQuery.from(params);
        if (readModel.serving()) {
            return Future.succeededFuture(readModel.model().list(query));
        }
        return Future.all(products.list(query), products.count(query.filter())).map(all -> query.page().listing(
                all.<List<Product>>resultAt(0), all.<Long>resultAt(1), Product::toJson, query.sort()::keyOf));
    }

    /** {@link #list} as JSON text, kept encoded by the read model while it serves. */
    public Future<JsonText> listText(JsonObject params, Caller caller) {
        if (readModel.serving()) {
            return Future.succeededFuture(readModel.model().listText(params));
        }
        return list(params, caller).map(JsonText::of);
    }

    public Future<JsonObject> get(JsonObject params, Caller caller) {
        Input.requireOnly(params, Set.of(), "id");
        return requireProduct(Input.requiredString(params, "id", 1, 100)).map(Product::toJson);
    }

    /**
     * {@link #get} as JSON text, with the product's tag and date: kept encoded per version by the read model while it
     * holds the product, encoded here otherwise.
     */
    public Future<JsonText> getText(JsonObject params, Caller caller) {
        Input.requireOnly(params, Set.of(), "id");
        String id = Input.requiredString(params, "id", 1, 100);
        if (readModel.serving()) {
            JsonText kept = readModel.model().productText(id);
            if (kept != null) {
                return Future.succeededFuture(kept);
            }
        }
        return requireProduct(id).map(product -> JsonText.ofResource(product.toJson()));
    }

    public Future<JsonObject> create(JsonObject body, Caller caller) {
        caller.requireAnyRole(Caller.ROLE_VENDOR, Caller.ROLE_ADMIN);
        FieldErrors errors = new FieldErrors();
        String name = errors.check(() -> Input.requiredString(body, "name", 1, 200).strip());
        String description = errors.check(() -> orEmpty(Input.optionalString(body, "description", 5000)));
        Money price = errors.check(() -> Money.requiredPositive(body, "price"));
        String category = errors.check(() -> Input.optionalString(body, "category", 100));
        Integer stock = errors.check(() -> Input.optionalInt(body, "stock", 0, MAX_STOCK, 0));
        String imageUrl = errors.check(() -> Input.optionalString(body, "image_url", 2048));
        errors.throwIfAny();
        Instant now = Timestamps.now();
        Product product = new Product(new ObjectId().toHexString(), name, description, price,
                category == null || category.isBlank() ? DEFAULT_CATEGORY : category.strip(), stock, 0,
                caller.userId(), imageUrl, false, now, now, 1);
        return products.insert(product)
                .onSuccess(created -> readModel.written(Events.Products.CREATED, created))
                .map(Product::toJson);
    }

    /** PATCH or PUT: the fields present are validated (all of them, reported together) and changed. */
    public Future<JsonObject> update(JsonObject body, Caller caller) {
        JsonObject set = new JsonObject();
        FieldErrors errors = new FieldErrors();
        if (body.containsKey("name")) {
            errors.check(() -> set.put("name", Input.requiredString(body, "name", 1, 200).strip()));
        }
        if (body.containsKey("description")) {
            errors.check(() -> set.put("description", orEmpty(Input.optionalString(body, "description", 5000))));
        }
        if (body.containsKey("price")) {
            errors.check(() -> set.put("price_cents", Money.requiredPositive(body, "price").cents()));
        }
        if (body.containsKey("category")) {
            errors.check(() -> {
                String category = Input.requiredString(body, "category", 1, 100).strip();
                return set.put("category", category).put("category_key", CategoryKey.of(category));
            });
        }
        if (body.containsKey("stock")) {
            errors.check(() -> set.put("stock", Input.requiredInt(body, "stock", 0, MAX_STOCK)));
        }
        if (body.containsKey("image_url")) {
            errors.check(() -> set.put("image_url", Input.optionalString(body, "image_url", 2048)));
        }
        errors.throwIfAny();
        if (set.isEmpty()) {
            throw ServiceException.badRequest("Nothing to update: send name, description, price, category, stock "
                    + "or image_url");
        }
        String id = Input.requiredString(body, "id", 1, 100);
        List<Long> expected = expectedVersions(body);
        return products.update(id, ownerFilter(caller), expected, set)
                .compose(updated -> written(Events.Products.UPDATED, updated, id, expected, caller))
                .map(Product::toJson);
    }

    /** Hides the product from the catalog; orders keep their own snapshot of it. */
    public Future<JsonObject> delete(JsonObject body, Caller caller) {
        String id = Input.requiredString(body, "id", 1, 100);
        List<Long> expected = expectedVersions(body);
        JsonObject deleted = new JsonObject().put("deleted", true).put("deleted_at", System.currentTimeMillis());
        return products.update(id, ownerFilter(caller), expected, deleted)
                .compose(product -> written(Events.Products.DELETED, product, id, expected, caller))
                .map(product -> new JsonObject().put("id", product.id()).put("deleted", true));
    }

    /**
     * The versions an If-Match names ({@code expected_versions}, set by the gateway from the header), or null when
     * the write is unconditional. An empty list (the header named no version of ours) matches no product.
     */
    private static List<Long> expectedVersions(JsonObject body) {
        Object value = body.getValue(EXPECTED_VERSIONS);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray versions) || versions.size() > 20
                || !versions.stream().allMatch(v -> v instanceof Number)) {
            throw ServiceException.invalidField(EXPECTED_VERSIONS, "'" + EXPECTED_VERSIONS
                    + "' must be a list of at most 20 versions");
        }
        return versions.stream().map(v -> ((Number) v).longValue()).toList();
    }

    /**
     * Restocks or corrects by a delta, never below zero and never above {@link #MAX_STOCK}: the database applies
     * the change only within both bounds, and a refused change alters nothing (409).
     */
    public Future<JsonObject> adjustStock(JsonObject body, Caller caller) {
        int delta = Input.requiredInt(body, "delta", -MAX_STOCK, MAX_STOCK);
        if (delta == 0) {
            throw ServiceException.invalidField("delta", "'delta' must not be 0");
        }
        String id = Input.requiredString(body, "id", 1, 100);
        return products.adjustStock(id, ownerFilter(caller), delta, MAX_STOCK)
                .compose(adjusted -> adjusted != null
                        ? written(Events.Products.STOCK_CHANGED, adjusted, id, null, caller)
                        : ownedProduct(id, caller).compose(current -> Future.failedFuture(
                                stockRefusal(current, delta))))
                .map(Product::toJson);
    }

    private static ServiceException stockRefusal(Product current, int delta) {
        JsonObject details = new JsonObject().put("product_id", current.id()).put("available", current.stock())
                .put("delta", delta);
        if (delta > 0) {
            return ServiceException.conflict("stock_limit", "Stock cannot exceed " + MAX_STOCK + " units",
                    details.put("max_stock", MAX_STOCK));
        }
        return ServiceException.conflict("insufficient_stock", "Stock cannot go below zero", details);
    }

    /**
     * Declared categories and those only used by products, each with its number of active products, by name
     * (case-insensitive), in the one list shape with limit and cursor.
     */
    public Future<JsonObject> listCategories(JsonObject params, Caller caller) {
        Input.requireOnly(params, Page.PARAMS);
        Page page = Page.from(params);
        Future<JsonObject> all = readModel.serving()
                ? Future.succeededFuture(readModel.model().categories())
                : categoriesFromDatabase();
        return all.map(answer -> {
            List<JsonObject> sorted = answer.getJsonArray("items").stream().map(JsonObject.class::cast)
                    .sorted((a, b) -> CATEGORY_ORDER.compare(categoryKey(a), categoryKey(b))).toList();
            return page.listing(page.window(sorted, CatalogService::categoryKey, CATEGORY_ORDER), sorted.size(),
                    category -> category, CatalogService::categoryKey);
        });
    }

    /** A category's place in the list: its name case-folded, then as written. */
    private static JsonArray categoryKey(JsonObject category) {
        String name = category.getString("name");
        return new JsonArray().add(name.toLowerCase(Locale.ROOT)).add(name);
    }

    private Future<JsonObject> categoriesFromDatabase() {
        return Future.all(categories.all(), products.countsByCategory()).map(all -> {
            Map<String, JsonObject> byKey = new LinkedHashMap<>();
            for (JsonObject declared : all.<java.util.List<JsonObject>>resultAt(0)) {
                byKey.put(declared.getString("_id"), new JsonObject()
                        .put("name", declared.getString("name"))
                        .put("description", declared.getString("description"))
                        .put("product_count", 0));
            }
            for (JsonObject row : all.<java.util.List<JsonObject>>resultAt(1)) {
                byKey.computeIfAbsent(row.getString("_id"), key -> new JsonObject()
                                .put("name", row.getString("name"))
                                .putNull("description"))
                        .put("product_count", row.getInteger("count"));
            }
            JsonArray items = new JsonArray(byKey.values().stream()
                    .sorted(Comparator.comparing(category -> category.getString("name").toLowerCase()))
                    .toList());
            return new JsonObject().put("items", items).put("total", items.size());
        });
    }

    /** One category of {@link #listCategories}, by its case-insensitive name: where a created category lives. */
    public Future<JsonObject> getCategory(JsonObject params, Caller caller) {
        Input.requireOnly(params, Set.of(), "name");
        String key = CategoryKey.of(Input.requiredString(params, "name", 1, 100));
        return listCategories(new JsonObject(), caller).compose(listing -> listing.getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(category -> key.equals(CategoryKey.of(category.getString("name"))))
                .findFirst()
                .map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Category not found"))));
    }

    public Future<JsonObject> createCategory(JsonObject body, Caller caller) {
        caller.requireAnyRole(Caller.ROLE_ADMIN);
        FieldErrors errors = new FieldErrors();
        String name = errors.check(() -> Input.requiredString(body, "name", 1, 100).strip());
        String description = errors.check(() -> orEmpty(Input.optionalString(body, "description", 1000)));
        errors.throwIfAny();
        return categories.insert(name, description)
                .onSuccess(readModel::categoryDeclared)
                .map(doc -> new JsonObject().put("name", name).put("description", doc.getString("description"))
                        .put("product_count", 0));
    }

    /**
     * A conditional write matched a product: into the read model and out as an event. It matched nothing: the
     * product is unknown or deleted (404), someone else's (403), or no longer at a version the If-Match named (412
     * with the current version), and the caller learns which.
     */
    private Future<Product> written(String type, Product product, String id, List<Long> expected, Caller caller) {
        if (product == null) {
            return ownedProduct(id, caller).compose(owned -> Future.failedFuture(
                    expected != null && !expected.contains(owned.version())
                            ? new ServiceException(412, "precondition_failed", "The product changed since the "
                                    + "version named in If-Match; read it again and retry",
                                    new JsonObject().put("version", owned.version())
                                            .put("etag", "W/\"" + owned.version() + "\""))
                            : ServiceException.conflict("concurrent_change", "The product changed meanwhile; try again",
                                    null)));
        }
        readModel.written(type, product);
        return Future.succeededFuture(product);
    }

    /** The vendor whose products the caller may change, or null for an admin (any product). */
    private static String ownerFilter(Caller caller) {
        String userId = caller.requireUserId();
        return caller.isAdmin() ? null : userId;
    }

    /** The product if the caller may change it: 404 when it is unknown or deleted, 403 when it is not theirs. */
    private Future<Product> ownedProduct(String id, Caller caller) {
        return requireStored(id).compose(product ->
                caller.isAdmin() || product.vendorId().equals(caller.userId())
                        ? Future.succeededFuture(product)
                        : Future.failedFuture(ServiceException.forbidden("Only the product's vendor or an admin "
                                + "may change it")));
    }

    /**
     * An active product: from the read model when it holds the id (a deleted product stays deleted), else from the
     * database, which also finds a product created on another node a moment ago.
     */
    private Future<Product> requireProduct(String id) {
        if (readModel.serving()) {
            CatalogModel model = readModel.model();
            if (model.versionOf(id) >= 0) {
                Product product = model.active(id);
                return product == null ? Future.failedFuture(ServiceException.notFound("Product not found"))
                        : Future.succeededFuture(product);
            }
            if (!ObjectId.isValid(id)) {
                return Future.failedFuture(ServiceException.notFound("Product not found"));
            }
        }
        return requireStored(id);
    }

    private Future<Product> requireStored(String id) {
        return products.findActive(id).compose(product -> product == null
                ? Future.failedFuture(ServiceException.notFound("Product not found"))
                : Future.succeededFuture(product));
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
