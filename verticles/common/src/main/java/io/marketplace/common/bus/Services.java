package io.marketplace.common.bus;

import java.util.List;

/**
 * Event-bus addresses: one per service, {@code marketplace.<service>}, balanced across every node hosting it; and one
 * per service and node, {@code marketplace.<service>.node.<node id>}, for a caller that picks the node itself.
 */
public final class Services {

    public static final String AUTH = "auth";
    public static final String PRODUCTS = "products";
    public static final String ORDERS = "orders";
    public static final String PAYMENTS = "payments";
    public static final String GATEWAY = "gateway";
    /**
     * Served over the TCP bridge by a service in another language ({@code polyglot/recommendations}), not by a JVM
     * verticle: no node hosts it, so it is in neither list below and readiness does not wait for it.
     */
    public static final String RECOMMENDATIONS = "recommendations";

    /** Every service that answers on the bus, in deployment order. */
    public static final List<String> BUS_SERVICES = List.of(AUTH, PRODUCTS, ORDERS, PAYMENTS);

    /** Every role a node can host. */
    public static final List<String> ALL = List.of(AUTH, PRODUCTS, ORDERS, PAYMENTS, GATEWAY);

    private Services() {
    }

    public static String address(String service) {
        return "marketplace." + service;
    }

    public static String nodeAddress(String service, String nodeId) {
        return address(service) + nodeAddressSuffix(nodeId);
    }

    /** How every one of a node's own service addresses ends. */
    public static String nodeAddressSuffix(String nodeId) {
        return ".node." + nodeId;
    }
}
