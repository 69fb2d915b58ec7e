package io.marketplace.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two independent stacks started side by side on one machine, each with its own HTTP port, data directory and
 * embedded database, and the shipped cluster configuration (the same {@code cluster-config/loopback.xml}, unlike
 * the other multi-process tests, which get a private copy): they never merge. A node told to join one stack's
 * cluster while using the other stack's database refuses to start.
 */
class StackIsolationIT {

    private static final String ALL = "gateway,auth,products,orders,payments";
    private static final Cluster STACK_A = new Cluster();
    private static final Cluster STACK_B = new Cluster();
    private static NodeProcess nodeA;
    private static NodeProcess nodeB;

    @BeforeAll
    static void start() throws Exception {
        nodeA = NodeProcess.start(defaultClusterConfig(STACK_A), "--services", ALL, "--instances", "1");
        nodeB = NodeProcess.start(defaultClusterConfig(STACK_B), "--services", ALL, "--instances", "1");
        nodeA.awaitLog("Marketplace ready", Duration.ofSeconds(90));
        nodeB.awaitLog("Marketplace ready", Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        for (NodeProcess node : new NodeProcess[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** The stack's ports and data directory, with the launcher's default cluster configuration. */
    private static Map<String, String> defaultClusterConfig(Cluster stack) {
        Map<String, String> env = stack.env();
        env.remove("CLUSTER_CONFIG");
        return env;
    }

    private static String clusterNameOf(NodeProcess node) {
        Matcher matcher = Pattern.compile("Joining the cluster (\\S+)").matcher(node.output());
        assertThat(matcher.find()).as(node.output()).isTrue();
        return matcher.group(1);
    }

    @Test
    @DisplayName("each stack derives its own cluster name and serves only its own database")
    void stacksNeverMerge() throws Exception {
        assertThat(clusterNameOf(nodeA)).startsWith("marketplace-").isNotEqualTo(clusterNameOf(nodeB));
        assertThat(nodeA.output()).contains("Cluster joined: 1 member(s) seen");
        assertThat(nodeB.output()).contains("Cluster joined: 1 member(s) seen");

        Http a = new Http(STACK_A.baseUrl());
        Http b = new Http(STACK_B.baseUrl());
        String vendor = a.account("vendor");
        Http.Response created = a.post("/api/products", new JsonObject().put("name", "Only on A")
                .put("price", 3).put("stock", 1), vendor);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            assertThat(b.get("/api/products", null).json().getInteger("total")).as("read %d on B", i).isZero();
            assertThat(a.get("/api/products", null).json().getInteger("total")).as("read %d on A", i).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a node with stack A's CLUSTER_NAME but stack B's database refuses to start with a one-line reason")
    void foreignMemberRefused() throws Exception {
        Map<String, String> env = defaultClusterConfig(STACK_B);
        env.put("CLUSTER_NAME", clusterNameOf(nodeA));
        env.put("CLUSTER_CONFIG", joiningMemberOf(nodeA).toString());
        try (NodeProcess intruder = NodeProcess.start(env, "--services", "products", "--instances", "1")) {
            assertThat(intruder.awaitExit(Duration.ofSeconds(90))).as(intruder.output()).isEqualTo(1);
            assertThat(intruder.output()).contains("marketplace: Cluster " + clusterNameOf(nodeA)
                    + " has a member of another stack");
        }
        assertThat(new Http(STACK_A.baseUrl()).get("/health", null).status()).isEqualTo(200);
    }

    /**
     * The shipped loopback configuration aimed at node A's own Hazelcast port: on a machine where other clusters
     * hold the first ports, a plain loopback join might not reach A at all, and this test is about what happens
     * when it does.
     */
    private static Path joiningMemberOf(NodeProcess node) throws IOException {
        // Hazelcast prefixes its log lines with the member's own address and cluster name
        Matcher member = Pattern.compile("\\[([0-9.]+)]:(\\d+) \\[" + Pattern.quote(clusterNameOf(node)) + "]")
                .matcher(node.output());
        assertThat(member.find()).as(node.output()).isTrue();
        String xml = Files.readString(Cluster.ROOT.resolve("cluster-config/loopback.xml"), StandardCharsets.UTF_8)
                .replaceFirst("<member>[^<]*</member>", "<member>" + member.group(1) + ":" + member.group(2)
                        + "</member>");
        Path config = Files.createTempFile("marketplace-intruder", ".xml");
        Files.writeString(config, xml, StandardCharsets.UTF_8);
        return config;
    }
}
