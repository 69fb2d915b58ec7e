package io.marketplace.common.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * Whether this node is inside the main cluster. A node that finds itself cut off (a long pause or a partition left
 * it in a minority half) must not do background writes that the main cluster is also doing, and must say so in its
 * readiness. The launcher's membership watch writes the standing; readiness and the periodic passes read it. A node
 * that never wrote it (standalone, or a test platform) is inside.
 */
public final class ClusterStanding {

    /**
     * Local (this JVM only) address on which the launcher announces, with the node id as body, that a cluster member
     * left; whoever waits on other nodes (the gateway's requests in flight) reacts without waiting for a timeout.
     */
    public static final String MEMBER_LEFT = "marketplace.cluster.member-left";

    private static final String MAP = "marketplace.cluster-standing";
    private static final String OUTSIDE = "outside";

    private ClusterStanding() {
    }

    public static void markOutside(Vertx vertx, String reason) {
        map(vertx).put(OUTSIDE, reason);
    }

    public static void markInside(Vertx vertx) {
        map(vertx).remove(OUTSIDE);
    }

    /** Why this node is outside the main cluster, or null when it is inside. */
    public static String outsideReason(Vertx vertx) {
        return map(vertx).get(OUTSIDE);
    }

    private static LocalMap<String, String> map(Vertx vertx) {
        return vertx.sharedData().getLocalMap(MAP);
    }
}
