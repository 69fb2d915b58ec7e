package io.marketplace.gateway.bridge;

import io.marketplace.common.bus.Services;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;

import java.util.List;

/**
 * Everything a TCP bridge client may do on the bus, declared here and nowhere else. A client may receive every
 * service's domain events, and serve or call the addresses of the services written for the bridge; it may also
 * answer a request delivered to it (the library remembers each delivered message's reply address for that
 * connection only). Every other address, the JVM services' own included, is out of reach: a frame naming one gets
 * an {@code err} frame ({@code access_denied}) and nothing is delivered.
 */
public final class BridgePermits {

    /** {@code marketplace.events.<service>}: published facts, public to bridge clients. */
    static final String EVENTS = "marketplace\\.events\\.[a-z][a-z0-9_]*";

    /** Services implemented by bridge clients: a client registers on one to serve it, or sends to it to call it. */
    public static final List<String> BRIDGE_SERVICES = List.of(Services.address(Services.RECOMMENDATIONS));

    private BridgePermits() {
    }

    /**
     * Outbound (what a client may {@code register} for): events and bridge services. Inbound (what a client may
     * {@code send} or {@code publish} to): bridge services only. Never an empty permit, which would match everything.
     */
    public static BridgeOptions options() {
        BridgeOptions options = new BridgeOptions()
                .addOutboundPermitted(new PermittedOptions().setAddressRegex(EVENTS));
        for (String address : BRIDGE_SERVICES) {
            options.addOutboundPermitted(new PermittedOptions().setAddress(address))
                    .addInboundPermitted(new PermittedOptions().setAddress(address));
        }
        return options;
    }
}
