package io.marketplace.app;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** What a buyer does, over a test cluster's HTTP API; the steps the multi-process tests share. */
final class Shopping {

    private final Http http;

    Shopping(Http http) {
        this.http = http;
    }

    /** One unit of the product into the cart, then checkout; fails unless the order is created. */
    String order(String buyer, String productId) throws IOException, InterruptedException {
        http.post("/api/cart/items", new JsonObject().put("product_id", productId).put("quantity", 1), buyer);
        Http.Response order = http.post("/api/orders", null, buyer);
        if (order.status() != 201) {
            throw new AssertionError("checkout: " + order);
        }
        return order.json().getString("id");
    }

    Http.Response pay(String buyer, String orderId) throws IOException, InterruptedException {
        return http.post("/api/payments/process", new JsonObject().put("order_id", orderId)
                .put("payment_method", "credit_card").put("card_details", new JsonObject()), buyer);
    }

    /**
     * Checkout after checkout (cart, order, and payment when the order was created) until told to stop, whatever
     * each step answers; returns how many orders were attempted.
     */
    int shopUntilStopped(String buyer, String productId, AtomicBoolean shopping) {
        int attempts = 0;
        try {
            while (shopping.get()) {
                http.post("/api/cart/items", new JsonObject().put("product_id", productId).put("quantity", 1), buyer);
                Http.Response order = http.post("/api/orders", null, buyer);
                attempts++;
                if (order.status() == 201) {
                    pay(buyer, order.json().getString("id"));
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return attempts;
    }

    /** Every order of the buyer, page after page. */
    List<JsonObject> allOrders(String buyer) throws IOException, InterruptedException {
        List<JsonObject> orders = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonObject listing = http.get("/api/orders?limit=100&page=" + page, buyer).json();
            listing.getJsonArray("items").forEach(order -> orders.add((JsonObject) order));
            if (orders.size() >= listing.getLong("total")) {
                return orders;
            }
        }
    }
}
