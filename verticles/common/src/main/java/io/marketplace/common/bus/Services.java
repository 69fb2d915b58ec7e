package io.marketplace.common.bus;

import java.util.List;

/** Event-bus addresses: one per service, {@code marketplace.<service>}. */
public final class Services {

    public static final String AUTH = "auth";
    public static final String PRODUCTS = "products";
    public static final String ORDERS = "orders";
    public static final String PAYMENTS = "payments";
    public static final String GATEWAY = "gateway";

    /** Every service that answers on the bus, in deployment order. */
    public static final List<String> BUS_SERVICES = List.of(AUTH, PRODUCTS, ORDERS, PAYMENTS);

    /** Every role a node can host. */
    public static final List<String> ALL = List.of(AUTH, PRODUCTS, ORDERS, PAYMENTS, GATEWAY);

    private Services() {
    }

    public static String address(String service) {
        return "marketplace." + service;
    }
}
