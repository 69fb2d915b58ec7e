package io.marketplace.products;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Headers;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.TestCluster;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consistency promise with two products nodes on one clustered bus and one database: the node that made a change
 * serves it at once; the other serves it as soon as the event arrives (measured and printed, bounded here only by a
 * generous poll so the test never depends on timing); stock shown in listings follows reservations the same way.
 * The test talks to each node on an address of its own, so it knows which node answers.
 */
@ExtendWith(VertxExtension.class)
class CatalogTwoNodesTest {

    private static final Caller ADMIN = Caller.system("two-nodes-test");
    private static final long BOUND_MS = 2000;
    private static Vertx nodeA;
    private static Vertx nodeB;
    private static TestPlatform platform;

    /** A products verticle that also answers on {@code test.products.<node>}. */
    static final class NodeProducts extends ProductsVerticle {
        private final String node;

        NodeProducts(String node) {
            this.node = node;
        }

        @Override
        public Future<?> start() {
            return super.start().compose(ignored -> dispatcher().register(vertx, "test.products." + node));
        }
    }

    @BeforeAll
    static void start(VertxTestContext ctx) {
        String cluster = "catalog-two-nodes-" + UUID.randomUUID();
        TestCluster.firstNode(cluster)
                .compose(a -> {
                    nodeA = a;
                    return TestCluster.nodeJoining(a);
                })
                .compose(b -> {
                    nodeB = b;
                    // A sync period far beyond the test: what B learns, it learns from events.
                    return TestPlatform.builder().verticle(() -> new NodeProducts("A"))
                            .config(ConfigKeys.CATALOG_SYNC_MS, 3_600_000).start(nodeA);
                })
                .compose(a -> {
                    platform = a;
                    return nodeB.deployVerticle(new NodeProducts("B"),
                            new DeploymentOptions().setConfig(a.config().toJson()));
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    @AfterAll
    static void stop(VertxTestContext ctx) {
        platform.close()
                .eventually(() -> Future.join(nodeA.close(), nodeB.close()))
                .onComplete(ignored -> ctx.completeNow());
    }

    static Future<JsonObject> on(String node, String action, JsonObject body) {
        DeliveryOptions options = ADMIN.writeTo(new DeliveryOptions().setSendTimeout(5000))
                .addHeader(Headers.ACTION, action);
        return nodeA.eventBus().<JsonObject>request("test.products." + node, body, options).map(Message::body);
    }

    static Future<JsonObject> get(String node, String id) {
        return on(node, Actions.Products.GET, new JsonObject().put("id", id));
    }

    @Test
    @DisplayName("a product created on A is served by A at once and by B within the bound, with the same version")
    void creationReachesTheOtherNode(VertxTestContext ctx) {
        on("A", Actions.Products.CREATE, product("Two nodes", 5)).compose(created -> {
            String id = created.getString("id");
            return get("A", id).compose(onA -> {
                ctx.verify(() -> assertThat(onA).isEqualTo(created));
                return Eventually.poll(nodeA, BOUND_MS, () -> get("B", id), onB -> true);
            }).map(onB -> {
                ctx.verify(() -> assertThat(onB).isEqualTo(created));
                return onB;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("reservations on either node show in both nodes' listings; sold + listed stock stays the initial stock")
    void listingStockFollowsReservations(VertxTestContext ctx) {
        String category = "two-nodes-" + UUID.randomUUID();
        JsonObject listing = new JsonObject().put("category", category);
        on("A", Actions.Products.CREATE, product("Hot item", 10).put("category", category)).compose(created -> {
            String id = created.getString("id");
            return on("A", Actions.Products.RESERVE, order("o-a", id, 3))
                    .compose(ignored -> on("A", Actions.Products.LIST, listing))
                    .compose(onA -> {
                        ctx.verify(() -> assertThat(stockIn(onA)).as("A lists its own reservation at once")
                                .isEqualTo(7));
                        return Eventually.poll(nodeA, BOUND_MS, () -> on("B", Actions.Products.LIST, listing),
                                onB -> stockIn(onB) == 7);
                    })
                    .compose(ignored -> on("B", Actions.Products.RESERVE, order("o-b", id, 2)))
                    .compose(ignored -> on("B", Actions.Products.LIST, listing))
                    .compose(onB -> {
                        ctx.verify(() -> assertThat(stockIn(onB)).as("B lists its own reservation at once")
                                .isEqualTo(5));
                        return Eventually.poll(nodeA, BOUND_MS, () -> on("A", Actions.Products.LIST, listing),
                                onA -> stockIn(onA) == 5);
                    })
                    .compose(ignored -> platform.mongo().findOne("products", new JsonObject().put("_id", id), null))
                    .map(stored -> {
                        ctx.verify(() -> {
                            assertThat(stored.getInteger("stock")).isEqualTo(5);
                            assertThat(stored.getJsonArray("reservations")).hasSize(2);
                            assertThat(stored.getLong("version")).isEqualTo(3);
                        });
                        return stored;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("propagation from A to B measured over 20 price changes (printed; bounded only by the poll)")
    void propagationIsMeasured(VertxTestContext ctx) {
        on("A", Actions.Products.CREATE, product("Measured", 1)).compose(created -> {
            String id = created.getString("id");
            List<Long> delaysMicros = Collections.synchronizedList(new ArrayList<>());
            Future<Void> chain = Eventually.poll(nodeA, BOUND_MS, () -> get("B", id), onB -> true).mapEmpty();
            for (int i = 0; i < 20; i++) {
                String price = (10 + i) + ".00";
                chain = chain.compose(ignored -> on("A", Actions.Products.UPDATE,
                                new JsonObject().put("id", id).put("price", price)))
                        .compose(updated -> {
                            long written = System.nanoTime();
                            long version = updated.getLong("version");
                            return Eventually.poll(nodeA, BOUND_MS, () -> get("B", id),
                                            onB -> onB.getLong("version") == version)
                                    .map(onB -> {
                                        delaysMicros.add((System.nanoTime() - written) / 1000);
                                        ctx.verify(() -> assertThat(onB.getValue("price").toString())
                                                .isEqualTo(price));
                                        return null;
                                    });
                        });
            }
            return chain.map(ignored -> {
                List<Long> sorted = new ArrayList<>(delaysMicros);
                Collections.sort(sorted);
                System.out.printf("catalog propagation A -> B over %d changes: p50 %.1f ms, max %.1f ms%n",
                        sorted.size(), sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
                ctx.verify(() -> assertThat(sorted).hasSize(20));
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    private static JsonObject product(String name, int stock) {
        return new JsonObject().put("name", name).put("description", "").put("price", new BigDecimal("9.00"))
                .put("stock", stock).put("category", "two-nodes");
    }

    private static JsonObject order(String orderId, String productId, int quantity) {
        return new JsonObject().put("order_id", orderId + "-" + UUID.randomUUID()).put("lines", new JsonArray()
                .add(new JsonObject().put("product_id", productId).put("quantity", quantity)));
    }

    private static int stockIn(JsonObject listing) {
        return listing.getJsonArray("items").getJsonObject(0).getInteger("stock");
    }
}
