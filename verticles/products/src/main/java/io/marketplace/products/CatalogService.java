package io.marketplace.products;

import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.Input;
import io.marketplace.common.money.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalog: browsing for everyone, listings for vendors, categories for admins. */
public class CatalogService {

    static final int MAX_STOCK = 1_000_000;
    static final String DEFAULT_CATEGORY = "general";

    private final ProductRepository products;
    private final CategoryRepository categories;

    public CatalogService(ProductRepository products, CategoryRepository categories) {
        this.products = products;
        this.categories = categories;
    }

    public Future<JsonObject> list(JsonObject params, Caller caller) {
        ProductQuery query = ProductQuery.from(params);
        return Future.all(products.list(query), products.count(query.filter())).map(all -> query.page().listing(
                all.<List<Product>>resultAt(0).stream().map(Product::toJson).toList(), all.<Long>resultAt(1)));
    }

    public Future<JsonObject> get(JsonObject params, Caller caller) {
        return requireProduct(Input.requiredString(params, "id", 1, 100)).map(Product::toJson);
    }

    public Future<JsonObject> create(JsonObject body, Caller caller) {
        caller.requireAnyRole(Caller.ROLE_VENDOR, Caller.ROLE_ADMIN);
        Instant now = Instant.now();
        String category = Input.optionalString(body, "category", 100);
        Product product = new Product(
                new ObjectId().toHexString(),
                Input.requiredString(body, "name", 1, 200).strip(),
                orEmpty(Input.optionalString(body, "description", 5000)),
                Money.requiredPositive(body, "price"),
                category == null || category.isBlank() ? DEFAULT_CATEGORY : category.strip(),
                Input.optionalInt(body, "stock", 0, MAX_STOCK, 0),
                0,
                caller.userId(),
                Input.optionalString(body, "image_url", 2048),
                false,
                now,
                now);
        return products.insert(product).map(Product::toJson);
    }

    /** PATCH or PUT: the fields present are validated and changed; the owner or an admin only. */
    public Future<JsonObject> update(JsonObject body, Caller caller) {
        JsonObject set = new JsonObject();
        if (body.containsKey("name")) {
            set.put("name", Input.requiredString(body, "name", 1, 200).strip());
        }
        if (body.containsKey("description")) {
            set.put("description", orEmpty(Input.optionalString(body, "description", 5000)));
        }
        if (body.containsKey("price")) {
            set.put("price_cents", Money.requiredPositive(body, "price").cents());
        }
        if (body.containsKey("category")) {
            String category = Input.requiredString(body, "category", 1, 100).strip();
            set.put("category", category).put("category_key", CategoryKey.of(category));
        }
        if (body.containsKey("stock")) {
            set.put("stock", Input.requiredInt(body, "stock", 0, MAX_STOCK));
        }
        if (body.containsKey("image_url")) {
            set.put("image_url", Input.optionalString(body, "image_url", 2048));
        }
        if (set.isEmpty()) {
            throw ServiceException.badRequest("Nothing to update: send name, description, price, category, stock "
                    + "or image_url");
        }
        return ownedProduct(body, caller)
                .compose(product -> products.update(product.id(), set).map(product.id()))
                .compose(this::requireProduct)
                .map(Product::toJson);
    }

    /** Hides the product from the catalog; orders keep their own snapshot of it. */
    public Future<JsonObject> delete(JsonObject body, Caller caller) {
        return ownedProduct(body, caller)
                .compose(product -> products.update(product.id(), new JsonObject()
                        .put("deleted", true)
                        .put("deleted_at", System.currentTimeMillis())).map(product))
                .map(product -> new JsonObject().put("id", product.id()).put("deleted", true));
    }

    /** Restocks or corrects by a delta, never below zero. */
    public Future<JsonObject> adjustStock(JsonObject body, Caller caller) {
        int delta = Input.requiredInt(body, "delta", -MAX_STOCK, MAX_STOCK);
        if (delta == 0) {
            throw ServiceException.invalidField("delta", "'delta' must not be 0");
        }
        return ownedProduct(body, caller)
                .compose(product -> products.adjustStock(product.id(), delta).compose(applied -> applied
                        ? requireProduct(product.id())
                        : requireProduct(product.id()).compose(current -> Future.failedFuture(
                                ServiceException.conflict("insufficient_stock", "Stock cannot go below zero",
                                        new JsonObject().put("product_id", current.id())
                                                .put("available", current.stock())
                                                .put("delta", delta))))))
                .map(Product::toJson);
    }

    /** Declared categories and those only used by products, each with its number of active products. */
    public Future<JsonObject> listCategories(JsonObject params, Caller caller) {
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

    public Future<JsonObject> createCategory(JsonObject body, Caller caller) {
        caller.requireAnyRole(Caller.ROLE_ADMIN);
        String name = Input.requiredString(body, "name", 1, 100).strip();
        return categories.insert(name, orEmpty(Input.optionalString(body, "description", 1000)))
                .map(doc -> new JsonObject().put("name", name).put("description", doc.getString("description"))
                        .put("product_count", 0));
    }

    private Future<Product> ownedProduct(JsonObject body, Caller caller) {
        caller.requireUserId();
        return requireProduct(Input.requiredString(body, "id", 1, 100)).compose(product ->
                caller.isAdmin() || product.vendorId().equals(caller.userId())
                        ? Future.succeededFuture(product)
                        : Future.failedFuture(ServiceException.forbidden("Only the product's vendor or an admin "
                                + "may change it")));
    }

    private Future<Product> requireProduct(String id) {
        return products.findActive(id).compose(product -> product == null
                ? Future.failedFuture(ServiceException.notFound("Product not found"))
                : Future.succeededFuture(product));
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
