package io.marketplace.gateway;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Services;

import java.util.List;
import java.util.stream.Stream;

import static io.marketplace.gateway.ApiRoute.open;
import static io.marketplace.gateway.ApiRoute.secured;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/** The whole public API: every route the gateway serves and the service action behind it. Order matters. */
public final class RouteTable {

    static final List<ApiRoute> AUTH = List.of(
            open(POST, "/api/auth/register", Services.AUTH, Actions.Auth.REGISTER).creates("/api/auth/users/{id}"),
            open(POST, "/api/auth/login", Services.AUTH, Actions.Auth.LOGIN).withForm(),
            open(POST, "/api/auth/refresh", Services.AUTH, Actions.Auth.REFRESH),
            secured(POST, "/api/auth/logout", Services.AUTH, Actions.Auth.LOGOUT),
            secured(GET, "/api/auth/verify", Services.AUTH, Actions.Auth.VERIFY),
            secured(GET, "/api/auth/users/me", Services.AUTH, Actions.Auth.ME),
            secured(PATCH, "/api/auth/users/me", Services.AUTH, Actions.Auth.UPDATE_ME),
            secured(GET, "/api/auth/users/:id", Services.AUTH, Actions.Auth.GET_USER));

    static final List<ApiRoute> PRODUCTS = List.of(
            open(GET, "/api/products", Services.PRODUCTS, Actions.Products.LIST),
            secured(POST, "/api/products", Services.PRODUCTS, Actions.Products.CREATE).creates("/api/products/{id}"),
            open(GET, "/api/products/:id", Services.PRODUCTS, Actions.Products.GET),
            secured(PATCH, "/api/products/:id", Services.PRODUCTS, Actions.Products.UPDATE),
            secured(PUT, "/api/products/:id", Services.PRODUCTS, Actions.Products.UPDATE),
            secured(DELETE, "/api/products/:id", Services.PRODUCTS, Actions.Products.DELETE),
            secured(PATCH, "/api/products/:id/stock", Services.PRODUCTS, Actions.Products.ADJUST_STOCK),
            open(GET, "/api/categories", Services.PRODUCTS, Actions.Products.LIST_CATEGORIES),
            open(GET, "/api/categories/:name", Services.PRODUCTS, Actions.Products.GET_CATEGORY),
            secured(POST, "/api/categories", Services.PRODUCTS, Actions.Products.CREATE_CATEGORY)
                    .creates("/api/categories/{name}"));

    static final List<ApiRoute> ORDERS = List.of(
            secured(GET, "/api/cart", Services.ORDERS, Actions.Orders.GET_CART),
            secured(POST, "/api/cart", Services.ORDERS, Actions.Orders.ADD_CART_ITEM),
            secured(DELETE, "/api/cart", Services.ORDERS, Actions.Orders.CLEAR_CART),
            secured(POST, "/api/cart/items", Services.ORDERS, Actions.Orders.ADD_CART_ITEM),
            secured(PATCH, "/api/cart/items/:product_id", Services.ORDERS, Actions.Orders.UPDATE_CART_ITEM),
            secured(DELETE, "/api/cart/items/:product_id", Services.ORDERS, Actions.Orders.REMOVE_CART_ITEM),
            secured(POST, "/api/orders", Services.ORDERS, Actions.Orders.CHECKOUT).creates("/api/orders/{id}"),
            secured(GET, "/api/orders", Services.ORDERS, Actions.Orders.LIST),
            secured(GET, "/api/orders/:id", Services.ORDERS, Actions.Orders.GET),
            secured(POST, "/api/orders/:id/cancel", Services.ORDERS, Actions.Orders.CANCEL),
            secured(PUT, "/api/orders/:id/cancel", Services.ORDERS, Actions.Orders.CANCEL),
            secured(PATCH, "/api/orders/:id/status", Services.ORDERS, Actions.Orders.UPDATE_STATUS),
            secured(GET, "/api/vendor/orders", Services.ORDERS, Actions.Orders.LIST_SOLD));

    static final List<ApiRoute> PAYMENTS = List.of(
            secured(POST, "/api/payments/process", Services.PAYMENTS, Actions.Payments.PROCESS)
                    .creates("/api/payments/{id}"),
            secured(GET, "/api/payments/user", Services.PAYMENTS, Actions.Payments.LIST_MINE),
            secured(GET, "/api/payments/order/:order_id", Services.PAYMENTS, Actions.Payments.BY_ORDER),
            secured(GET, "/api/payments/:id", Services.PAYMENTS, Actions.Payments.GET));

    /** Served by a bridge client (polyglot/recommendations); 503 service_unavailable while none is connected. */
    static final List<ApiRoute> RECOMMENDATIONS = List.of(
            open(GET, "/api/products/:id/recommendations", Services.RECOMMENDATIONS,
                    Actions.Recommendations.RECOMMEND));

    private RouteTable() {
    }

    public static List<ApiRoute> all() {
        return Stream.of(AUTH, PRODUCTS, RECOMMENDATIONS, ORDERS, PAYMENTS).flatMap(List::stream).toList();
    }
}
