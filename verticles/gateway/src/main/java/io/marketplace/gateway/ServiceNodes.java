package io.marketplace.gateway;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.marketplace.common.cluster.HostedServices;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the node a write goes to, round robin over the live members that say they host its service
 * ({@link HostedServices}), so the gateway knows where each write is and can fail exactly those of a member that
 * left. The member list is Hazelcast's local view, so a pick costs no round trip. Not clustered over Hazelcast, or
 * no member saying it hosts the service: no pick, and the request goes to the service's shared address.
 */
final class ServiceNodes {

    private final Cluster cluster;
    private final Map<String, Integer> turns = new HashMap<>();

    private ServiceNodes(Cluster cluster) {
        this.cluster = cluster;
    }

    /** The picker of one gateway instance (call from its event loop). */
    static ServiceNodes of(Vertx vertx) {
        return new ServiceNodes(vertx.isClustered()
                && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hazelcast
                ? hazelcast.getHazelcastInstance().getCluster() : null);
    }

    /** The node id of the next member hosting the service, or null when none can be picked. */
    String next(String service) {
        if (cluster == null) {
            return null;
        }
        List<String> hosts = new ArrayList<>();
        try {
            for (Member member : cluster.getMembers()) {
                String nodeId = member.getAttribute(HostedServices.NODE_ID_ATTRIBUTE);
                if (nodeId != null && HostedServices.includes(member.getAttribute(HostedServices.ATTRIBUTE), service)) {
                    hosts.add(nodeId);
                }
            }
        } catch (HazelcastInstanceNotActiveException stopping) {
            return null;
        }
        if (hosts.isEmpty()) {
            return null;
        }
        return hosts.get(Math.floorMod(turns.merge(service, 1, Integer::sum), hosts.size()));
    }
}
