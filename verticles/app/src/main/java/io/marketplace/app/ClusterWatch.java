package io.marketplace.app;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import io.marketplace.common.cluster.ClusterStanding;
import io.marketplace.common.cluster.HostedServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Announces departed members on {@link ClusterStanding#MEMBER_LEFT} and keeps {@link ClusterStanding} true: this node
 * is outside the main cluster while it sees fewer than half of the members it was recently clustered with, the small
 * side of a split left by a long pause or a partition; while it sees no more than half of the members the deployment
 * runs ({@code CLUSTER_MEMBERS}, when set), which also holds a node that starts during a split and joins the small
 * side, and settles a split into two equal halves (neither has a majority); and while Hazelcast merges it back. A
 * member that stopped cleanly says so before it leaves and is not counted among those recently seen; one that
 * vanished is counted for {@link #FORGET_AFTER_MS}, long enough to cover a split that the merge (every few seconds,
 * see cluster-config) heals, short enough that survivors of a real crash take over by themselves.
 */
final class ClusterWatch {

    static final long FORGET_AFTER_MS = 60_000;
    private static final long TICK_MS = 1_000;
    private static final String DEPARTED = "marketplace.departed";
    private static final Logger LOG = LoggerFactory.getLogger("marketplace");

    private final Vertx vertx;
    private final String selfId;
    private final HazelcastInstance hazelcast;
    private final IMap<String, Boolean> departed;
    private final int expectedMembers;
    /** Every member this node was clustered with lately (itself included), by node id, with when it was last seen. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private volatile boolean merging;
    private volatile boolean leaving;
    private final long timerId;

    private ClusterWatch(Vertx vertx, HazelcastClusterManager manager, int expectedMembers) {
        this.vertx = vertx;
        this.expectedMembers = expectedMembers;
        this.selfId = manager.getNodeId();
        this.hazelcast = manager.getHazelcastInstance();
        this.departed = hazelcast.getMap(DEPARTED);
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                onContext(() -> evaluate());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String id = nodeId(event.getMember());
                forgetIfDeparted(id);
                onContext(() -> {
                    evaluate();
                    vertx.eventBus().publish(ClusterStanding.MEMBER_LEFT, id, new DeliveryOptions().setLocalOnly(true));
                });
            }
        });
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
                merging = true;
            } else if (event.getState() == LifecycleEvent.LifecycleState.MERGED
                    || event.getState() == LifecycleEvent.LifecycleState.MERGE_FAILED) {
                merging = false;
                LOG.info("Cluster merge {}", event.getState() == LifecycleEvent.LifecycleState.MERGED
                        ? "done" : "failed");
            }
            onContext(() -> evaluate());
        });
        evaluate();
        this.timerId = vertx.setPeriodic(TICK_MS, ignored -> evaluate());
    }

    /** {@code expectedMembers}: how many nodes the deployment runs, or 0 when not said. */
    static ClusterWatch start(Vertx vertx, HazelcastClusterManager manager, int expectedMembers) {
        return new ClusterWatch(vertx, manager, expectedMembers);
    }

    /** Tells the other members this node leaves on purpose, so they do not wait for it; then stops watching. */
    Future<Void> announceDeparture() {
        leaving = true;
        vertx.cancelTimer(timerId);
        return vertx.executeBlocking(() -> {
            departed.put(selfId, Boolean.TRUE, 5, TimeUnit.MINUTES);
            return null;
        });
    }

    /** Hazelcast calls listeners on its own threads; the standing is kept on this node's event loop. */
    private void onContext(Runnable action) {
        if (!leaving) {
            vertx.runOnContext(ignored -> action.run());
        }
    }

    private void evaluate() {
        if (leaving) {
            return;
        }
        long now = System.currentTimeMillis();
        Set<String> present = new HashSet<>();
        try {
            for (Member member : hazelcast.getCluster().getMembers()) {
                String id = nodeId(member);
                present.add(id);
                lastSeen.put(id, now);
            }
        } catch (HazelcastInstanceNotActiveException stopping) {
            return;
        }
        lastSeen.values().removeIf(seenAt -> now - seenAt > FORGET_AFTER_MS);
        String reason = outsideReason(present.size(), lastSeen.size(), expectedMembers, merging);
        String before = ClusterStanding.outsideReason(vertx);
        if (reason == null && before != null) {
            ClusterStanding.markInside(vertx);
            LOG.info("Back in the main cluster: {} member(s)", present.size());
        } else if (reason != null && !reason.equals(before)) {
            ClusterStanding.markOutside(vertx, reason);
            LOG.warn("Outside the main cluster: {}", reason);
        }
    }

    /**
     * Why a node is outside the main cluster, or null when it is inside: it sees {@code present} members, was with
     * {@code known} lately, the deployment runs {@code expected} (0: not said), and a merge may be under way.
     */
    static String outsideReason(int present, int known, int expected, boolean merging) {
        if (merging) {
            return "merging back into the main cluster after a split";
        }
        if (present * 2 <= expected) {
            return "this node sees " + present + " of the " + expected + " cluster members the deployment runs "
                    + "(CLUSTER_MEMBERS), no majority: the others are unreachable or not started, waiting for them";
        }
        if (present * 2 < known) {
            return "this node sees " + present + " of the " + known + " cluster members it was with; "
                    + "the others are unreachable (a split brain after a pause or a partition), waiting to merge";
        }
        return null;
    }

    /** A member that left cleanly wrote itself into the departed map first; it no longer counts. */
    private void forgetIfDeparted(String id) {
        departed.getAsync(id).whenComplete((gone, failure) -> {
            if (Boolean.TRUE.equals(gone)) {
                lastSeen.remove(id);
            }
        });
    }

    private static String nodeId(Member member) {
        String id = member.getAttribute(HostedServices.NODE_ID_ATTRIBUTE);
        return id != null ? id : member.getUuid().toString();
    }
}
