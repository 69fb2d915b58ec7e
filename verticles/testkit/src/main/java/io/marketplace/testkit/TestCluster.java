package io.marketplace.testkit;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.File;
import java.util.List;

/**
 * Clustered Vert.x nodes for tests that need two of them in one JVM, configured from the repository's
 * {@code cluster-config/loopback.xml} under a cluster name of the test's own.
 */
public final class TestCluster {

    private static final File LOOPBACK = new File("../../cluster-config/loopback.xml");

    private TestCluster() {
    }

    /** The first node of a cluster. */
    public static Future<Vertx> firstNode(String clusterName) {
        return node(clusterName, null);
    }

    /**
     * Another node, pointed at the first one's actual port, so the two find each other even when other Hazelcast
     * members on this machine hold the first ports that loopback.xml's join would probe.
     */
    public static Future<Vertx> nodeJoining(Vertx first) {
        HazelcastInstance hazelcast = hazelcastOf(first);
        return node(hazelcast.getConfig().getClusterName(),
                hazelcast.getCluster().getLocalMember().getAddress().getPort());
    }

    public static HazelcastInstance hazelcastOf(Vertx node) {
        return ((HazelcastClusterManager) ((VertxInternal) node).clusterManager()).getHazelcastInstance();
    }

    private static Future<Vertx> node(String clusterName, Integer joinPort) {
        try {
            Config hazelcast = Config.loadFromFile(LOOPBACK).setClusterName(clusterName);
            if (joinPort != null) {
                hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(List.of("127.0.0.1:" + joinPort));
            }
            VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1"));
            return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
                    .buildClustered();
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }
}
