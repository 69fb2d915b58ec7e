package io.marketplace.orders;

import io.marketplace.common.json.FieldErrors;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.BusClient;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.common.json.Input;
import io.marketplace.common.money.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The caller's own cart. A line keeps the price and name of the moment the product was first added; adding the same
 * product again only raises its quantity.
 */
public class CartService {

    static final int MAX_QUANTITY = 1000;
    private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final CartRepository carts;
    private final BusClient bus;

    public CartService(CartRepository carts, BusClient bus) {
        this.carts = carts;
        this.bus = bus;
    }

    public Future<JsonObject> get(JsonObject body, Caller caller) {
        Input.requireOnly(body, Set.of());
        return view(caller.requireUserId());
    }

    public Future<JsonObject> add(JsonObject body, Caller caller) {
        String userId = caller.requireUserId();
        FieldErrors errors = new FieldErrors();
        String productId = errors.check(() -> Input.requiredString(body, "product_id", 1, 100));
        Integer quantity = errors.check(() -> Input.requiredInt(body, "quantity", 1, MAX_QUANTITY));
        errors.throwIfAny();
        if (!isSafeId(productId)) {
            throw new ServiceException(404, "product_not_found", "Product " + productId + " not found",
                    new JsonObject().put("product_id", productId));
        }
        return bus.request(Services.PRODUCTS, Actions.Products.GET, new JsonObject().put("id", productId), caller)
                .recover(failure -> {
                    ServiceException error = ServiceException.from(failure);
                    return Future.failedFuture(error.status() == 404
                            ? new ServiceException(404, "product_not_found", "Product " + productId + " not found",
                                    new JsonObject().put("product_id", productId))
                            : error);
                })
                .compose(product -> addLine(userId, new OrderLine(productId, product.getString("name"),
                        Money.requiredPositive(product, "price"), quantity, product.getString("vendor_id")), true))
                .map(cart -> Cart.fromDocument(userId, cart).toJson());
    }

    /**
     * Append a new line, else raise the existing one, and answer the cart as written. Appending comes first because
     * a buyer mostly adds products not yet in the cart: one round trip instead of a refused increment plus the
     * append. The cart is created only when neither matched (a first add), and one retry covers a concurrent
     * append of the same product.
     */
    private Future<JsonObject> addLine(String userId, OrderLine line, boolean retry) {
        return carts.append(userId, line).compose(appended -> appended != null
                ? Future.succeededFuture(appended)
                : carts.increment(userId, line.productId(), line.quantity(), MAX_QUANTITY).compose(raised -> {
                    if (raised != null) {
                        return Future.succeededFuture(raised);
                    }
                    if (retry) {
                        return carts.ensure(userId).compose(ignored -> addLine(userId, line, false));
                    }
                    return explainRefusal(userId, line.productId());
                }));
    }

    public Future<JsonObject> update(JsonObject body, Caller caller) {
        String userId = caller.requireUserId();
        FieldErrors errors = new FieldErrors();
        String productId = errors.check(() -> Input.requiredString(body, "product_id", 1, 100));
        Integer quantity = errors.check(() -> Input.requiredInt(body, "quantity", 0, MAX_QUANTITY));
        errors.throwIfAny();
        if (!isSafeId(productId)) {
            return explainRefusal(userId, productId);
        }
        Future<Boolean> change = quantity == 0
                ? carts.remove(userId, productId)
                : carts.setQuantity(userId, productId, quantity);
        return change.compose(changed -> changed ? view(userId) : explainRefusal(userId, productId));
    }

    public Future<JsonObject> remove(JsonObject body, Caller caller) {
        String userId = caller.requireUserId();
        String productId = Input.requiredString(body, "product_id", 1, 100);
        if (!isSafeId(productId)) {
            return explainRefusal(userId, productId);
        }
        return carts.remove(userId, productId)
                .compose(removed -> removed ? view(userId) : explainRefusal(userId, productId));
    }

    public Future<JsonObject> clear(JsonObject body, Caller caller) {
        String userId = caller.requireUserId();
        return carts.ensure(userId)
                .compose(ignored -> carts.clear(userId))
                .compose(cleared -> cleared ? view(userId) : explainRefusal(userId, null));
    }

    /** Product ids become field names in the cart document, so only plain ids are accepted. */
    static boolean isSafeId(String productId) {
        return SAFE_ID.matcher(productId).matches();
    }

    private Future<JsonObject> view(String userId) {
        return carts.find(userId).map(doc -> Cart.fromDocument(userId, doc).toJson());
    }

    /** Why an atomic cart update matched nothing: a checkout holds the cart, the line is missing, or it is full. */
    private <T> Future<T> explainRefusal(String userId, String productId) {
        return carts.find(userId).compose(doc -> {
            Cart cart = Cart.fromDocument(userId, doc);
            if (cart.checkoutOrderId() != null) {
                return Future.failedFuture(ServiceException.conflict("checkout_in_progress",
                        "The cart is being checked out; try again in a moment", null));
            }
            boolean present = cart.lines().stream().anyMatch(line -> line.productId().equals(productId));
            if (productId != null && present) {
                return Future.failedFuture(ServiceException.invalidField("quantity",
                        "A cart line holds at most " + MAX_QUANTITY + " units"));
            }
            return Future.failedFuture(ServiceException.notFound("Product " + productId + " is not in the cart"));
        });
    }
}
