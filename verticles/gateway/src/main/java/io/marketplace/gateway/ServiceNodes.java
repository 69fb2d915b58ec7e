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
 * Picks the node a request goes to, from the members that say they host its service ({@link HostedServices}).
 * <ul>
 * <li>A write: round robin over the live members, so the gateway knows where each write is and can fail exactly those
 * of a member that left.</li>
 * <li>A read: this node, when it hosts the service itself. Every products node holds the whole catalog in its read
 * model, and the hop to another JVM costs far more than the read: in the profile of a catalog page served by a second
 * node, encoding the reply to the wire, writing it and decoding the request took most of that node's time, the
 * lookup itself about 1 %, and the stack's CPU per request doubled. Reads scale with the nodes that run a gateway;
 * a node without the service reads from the others.</li>
 * </ul>
 * The member list is Hazelcast's local view, so a pick costs no round trip. Not clustered over Hazelcast, or no member
 * to pick: no pick, and the request goes to the service's shared address.
 */
final class ServiceNodes {

    private final Cluster cluster;
    private final Map<String, Integer> turns = new HashMap<>();
    /** This member's node id per service it hosts, "" for one it does not: its attributes are set before it joins. */
    private final Map<String, String> local = new HashMap<>();

    private ServiceNodes(Cluster cluster) {
        this.cluster = cluster;
    }

    /** The picker of one gateway instance (call from its event loop). */
    static ServiceNodes of(Vertx vertx) {
        return new ServiceNodes(vertx.isClustered()
                && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hazelcast
                ? hazelcast.getHazelcastInstance().getCluster() : null);
    }

    /** This node's id when it hosts the service itself, else null. */
    String local(String service) {
        if (cluster == null) {
            return null;
        }
        String nodeId = local.get(service);
        if (nodeId == null) {
            try {
                Member self = cluster.getLocalMember();
                String id = self.getAttribute(HostedServices.NODE_ID_ATTRIBUTE);
                nodeId = id != null && HostedServices.includes(self.getAttribute(HostedServices.ATTRIBUTE), service)
                        ? id : "";
            } catch (HazelcastInstanceNotActiveException stopping) {
                return null;
            }
            local.put(service, nodeId);
        }
        return nodeId.isEmpty() ? null : nodeId;
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
