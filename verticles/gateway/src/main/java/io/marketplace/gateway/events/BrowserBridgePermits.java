package io.marketplace.gateway.events;

import io.marketplace.common.bus.Services;
import io.marketplace.common.events.Events;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;

import java.util.Set;

/**
 * What browsers may do on the bus, all in one place: receive the public product events, and their own order and
 * payment events (filtered per socket by {@link BrowserBridge}); send or publish nothing. Anything not named here
 * (auth events, the service addresses) is refused by the bridge itself.
 */
public final class BrowserBridgePermits {

    public static final String PRODUCTS = Events.address(Services.PRODUCTS);
    public static final String ORDERS = Events.address(Services.ORDERS);
    public static final String PAYMENTS = Events.address(Services.PAYMENTS);

    /** Addresses anyone may register, with or without a token. */
    private static final Set<String> PUBLIC = Set.of(PRODUCTS);
    /** Addresses registered with a valid token: the socket receives only events whose {@code data.user_id} is its. */
    private static final Set<String> OWN_EVENTS = Set.of(ORDERS, PAYMENTS);

    private BrowserBridgePermits() {
    }

    /** Outbound permits only: with no inbound permit, every send and publish from a browser is refused. */
    public static SockJSBridgeOptions options() {
        SockJSBridgeOptions options = new SockJSBridgeOptions()
                .setMaxHandlersPerSocket(OWN_EVENTS.size() + PUBLIC.size())
                .setMaxAddressLength(64);
        PUBLIC.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
        OWN_EVENTS.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
        return options;
    }

    static boolean isPublic(String address) {
        return PUBLIC.contains(address);
    }

    static boolean isOwnEvents(String address) {
        return OWN_EVENTS.contains(address);
    }
}
