package io.marketplace.common.cluster;

import java.util.Arrays;
import java.util.Collection;

/**
 * What each cluster member hosts, told in a member attribute that the launcher sets before the node joins, so that a
 * caller can pick the member a request goes to (on the address {@code Services.nodeAddress}) and, when that member
 * leaves, knows exactly which of its requests went with it. The attribute travels with the member list, so reading
 * it costs no round trip and is always in step with membership. A member without it (a test platform) is never
 * picked; requests to its services go to the shared address as before.
 */
public final class HostedServices {

    /** Member attribute: the services the member's launcher deploys, comma-separated. */
    public static final String ATTRIBUTE = "marketplace.services";
    /** Member attribute the Vert.x Hazelcast cluster manager sets: the member's event-bus node id. */
    public static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private HostedServices() {
    }

    public static String describe(Collection<String> services) {
        return String.join(",", services);
    }

    /** Whether a member whose attribute reads {@code attribute} (null when absent) hosts the service. */
    public static boolean includes(String attribute, String service) {
        return attribute != null && Arrays.asList(attribute.split(",")).contains(service);
    }
}
