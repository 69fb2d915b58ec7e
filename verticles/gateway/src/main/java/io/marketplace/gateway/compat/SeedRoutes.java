package io.marketplace.gateway.compat;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Services;
import io.marketplace.gateway.ApiRoute;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.function.Function;

import static java.util.Map.entry;

/**
 * What the seed answers on each route: the shape of {@code data}, the {@code message} beside it, and the name of
 * the schema that describes {@code data} in the seed-format API document. Keyed by service and action, so every path
 * and method serving an action (PUT and PATCH, an alias) answers alike. A route without an entry wraps the service's
 * reply unchanged, and the document says so.
 */
final class SeedRoutes {

    /** One route's outward shape; {@code schema} null means "the plain reply", described by the plain document. */
    record Shape(Function<JsonObject, Object> data, String message, String schema) {

        static final Shape AS_IS = new Shape(reply -> reply, null, null);
    }

    private static final Map<String, Shape> SHAPES = Map.ofEntries(
            entry(key(Services.AUTH, Actions.Auth.REGISTER),
                    new Shape(SeedShapes::user, "User registered successfully", "SeedUser")),
            entry(key(Services.AUTH, Actions.Auth.LOGIN), new Shape(SeedShapes::tokens, null, "SeedTokens")),
            entry(key(Services.AUTH, Actions.Auth.REFRESH), new Shape(SeedShapes::tokens, null, "SeedTokens")),
            entry(key(Services.AUTH, Actions.Auth.ME), new Shape(SeedShapes::user, null, "SeedUser")),
            entry(key(Services.AUTH, Actions.Auth.UPDATE_ME),
                    new Shape(SeedShapes::user, "Profile updated successfully", "SeedUser")),
            entry(key(Services.AUTH, Actions.Auth.GET_USER), new Shape(SeedShapes::user, null, "SeedUser")),
            entry(key(Services.PRODUCTS, Actions.Products.LIST),
                    new Shape(SeedShapes::productPage, null, "SeedProductPage")),
            entry(key(Services.PRODUCTS, Actions.Products.GET), new Shape(SeedShapes::product, null, "SeedProduct")),
            entry(key(Services.PRODUCTS, Actions.Products.CREATE),
                    new Shape(SeedShapes::product, "Product created successfully", "SeedProduct")),
            entry(key(Services.PRODUCTS, Actions.Products.UPDATE),
                    new Shape(SeedShapes::product, "Product updated successfully", "SeedProduct")),
            entry(key(Services.PRODUCTS, Actions.Products.ADJUST_STOCK),
                    new Shape(SeedShapes::product, "Stock updated successfully", "SeedProduct")),
            entry(key(Services.PRODUCTS, Actions.Products.DELETE),
                    new Shape(reply -> reply, "Product deleted successfully", null)),
            entry(key(Services.PRODUCTS, Actions.Products.LIST_CATEGORIES),
                    new Shape(SeedShapes::categories, null, "SeedCategoryList")),
            entry(key(Services.PRODUCTS, Actions.Products.CREATE_CATEGORY),
                    new Shape(SeedShapes::category, "Category created successfully", "SeedCategory")),
            entry(key(Services.ORDERS, Actions.Orders.GET_CART), new Shape(SeedShapes::cart, null, "SeedCart")),
            entry(key(Services.ORDERS, Actions.Orders.ADD_CART_ITEM), new Shape(SeedShapes::cart, null, "SeedCart")),
            entry(key(Services.ORDERS, Actions.Orders.UPDATE_CART_ITEM),
                    new Shape(SeedShapes::cart, null, "SeedCart")),
            entry(key(Services.ORDERS, Actions.Orders.REMOVE_CART_ITEM),
                    new Shape(SeedShapes::cart, null, "SeedCart")),
            entry(key(Services.ORDERS, Actions.Orders.CLEAR_CART), new Shape(SeedShapes::cart, null, "SeedCart")),
            entry(key(Services.ORDERS, Actions.Orders.CHECKOUT),
                    new Shape(SeedShapes::order, "Order created successfully", "SeedOrder")),
            entry(key(Services.ORDERS, Actions.Orders.LIST), new Shape(SeedShapes::orders, null, "SeedOrderList")),
            entry(key(Services.ORDERS, Actions.Orders.GET), new Shape(SeedShapes::order, null, "SeedOrder")),
            entry(key(Services.ORDERS, Actions.Orders.CANCEL),
                    new Shape(SeedShapes::order, "Order cancelled successfully", "SeedOrder")),
            entry(key(Services.ORDERS, Actions.Orders.UPDATE_STATUS),
                    new Shape(SeedShapes::order, "Order status updated successfully", "SeedOrder")),
            entry(key(Services.PAYMENTS, Actions.Payments.PROCESS),
                    new Shape(SeedShapes::payment, "Payment successful", "SeedPayment")),
            entry(key(Services.PAYMENTS, Actions.Payments.LIST_MINE),
                    new Shape(SeedShapes::payments, null, "SeedPaymentList")),
            entry(key(Services.PAYMENTS, Actions.Payments.GET), new Shape(SeedShapes::payment, null, "SeedPayment")),
            entry(key(Services.PAYMENTS, Actions.Payments.BY_ORDER),
                    new Shape(SeedShapes::payments, null, "SeedPaymentList")));

    /**
     * Default page sizes of the seed's lists: its catalog pages by 10, and its order and payment histories are not
     * paged at all, so they get our largest page rather than a first page that silently hides the rest.
     */
    private static final Map<String, Integer> DEFAULT_LIMITS = Map.of(
            key(Services.PRODUCTS, Actions.Products.LIST), 10,
            key(Services.ORDERS, Actions.Orders.LIST), 100,
            key(Services.PAYMENTS, Actions.Payments.LIST_MINE), 100);

    private SeedRoutes() {
    }

    static Shape shapeOf(ApiRoute route) {
        return SHAPES.getOrDefault(key(route.service(), route.action()), Shape.AS_IS);
    }

    static Integer defaultLimit(ApiRoute route) {
        return DEFAULT_LIMITS.get(key(route.service(), route.action()));
    }

    private static String key(String service, String action) {
        return service + "/" + action;
    }
}
