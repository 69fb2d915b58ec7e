package io.marketplace.products;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.common.events.DomainEvent;
import io.marketplace.common.events.Events;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every product write is published once, after the database write, as a domain event with the next version; the read
 * model serves the writer's change at once, ignores stale events, and catches up by itself on a change whose event
 * never came.
 */
@ExtendWith(VertxExtension.class)
class CatalogEventsTest {

    private static final Caller ADMIN = Caller.system("events-test");
    private static final List<DomainEvent> EVENTS = new CopyOnWriteArrayList<>();
    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(ProductsVerticle::new)
            .config(ConfigKeys.CATALOG_SYNC_MS, 200));
    private static TestPlatform platform;

    @BeforeAll
    static void listen() {
        platform.vertx().eventBus().<JsonObject>consumer(Events.address(Services.PRODUCTS),
                message -> EVENTS.add(DomainEvent.fromJson(message.body())));
    }

    static Future<JsonObject> products(String action, JsonObject body) {
        return platform.bus(Services.PRODUCTS, action, body, ADMIN);
    }

    static Future<JsonObject> createProduct(String name, int stock) {
        return products(Actions.Products.CREATE, new JsonObject().put("name", name).put("description", "")
                .put("price", new BigDecimal("4.00")).put("stock", stock).put("category", "events"));
    }

    static JsonObject order(String orderId, String productId, int quantity) {
        return new JsonObject().put("order_id", orderId).put("lines", new JsonArray()
                .add(new JsonObject().put("product_id", productId).put("quantity", quantity)));
    }

    static List<DomainEvent> eventsOf(String productId) {
        return EVENTS.stream().filter(event -> productId.equals(event.data().getString("id"))).toList();
    }

    @Test
    @DisplayName("create, update, stock, reserve, release, commit, restock and delete each publish one event, versions 1 to 9")
    void everyWriteIsPublished(VertxTestContext ctx) {
        String orderA = "order-" + UUID.randomUUID();
        String orderB = "order-" + UUID.randomUUID();
        createProduct("Evented", 10).compose(created -> {
            String id = created.getString("id");
            ctx.verify(() -> assertThat(created.getLong("version")).isEqualTo(1));
            return products(Actions.Products.UPDATE, new JsonObject().put("id", id).put("price", "5.00"))
                    .compose(ignored -> products(Actions.Products.ADJUST_STOCK,
                            new JsonObject().put("id", id).put("delta", 5)))
                    .compose(ignored -> platform.mongo().updateCollection("products", new JsonObject().put("_id", id),
                            new JsonObject().put("$set", new JsonObject().put("updated_at", 1000L))))
                    .compose(ignored -> products(Actions.Products.RESERVE, order(orderA, id, 3)))
                    .compose(ignored -> products(Actions.Products.GET, new JsonObject().put("id", id)))
                    .compose(afterReserve -> {
                        ctx.verify(() -> {
                            assertThat(afterReserve.getInteger("stock")).as("the writer shows it at once")
                                    .isEqualTo(12);
                            assertThat(afterReserve.getLong("version")).isEqualTo(4);
                            assertThat(Instant.parse(afterReserve.getString("updated_at")))
                                    .as("a sale's stock change moves updated_at (and so Last-Modified)")
                                    .isAfterOrEqualTo(Instant.parse(created.getString("created_at")));
                        });
                        return products(Actions.Products.RELEASE, new JsonObject().put("order_id", orderA));
                    })
                    .compose(ignored -> products(Actions.Products.RESERVE, order(orderB, id, 2)))
                    .compose(ignored -> products(Actions.Products.COMMIT, new JsonObject().put("order_id", orderB)))
                    .compose(ignored -> products(Actions.Products.RESTOCK, order(orderB, id, 2)))
                    .compose(ignored -> products(Actions.Products.LIST, new JsonObject().put("category", "events")
                            .put("search", "evented")))
                    .compose(listing -> {
                        ctx.verify(() -> {
                            JsonObject listed = listing.getJsonArray("items").getJsonObject(0);
                            assertThat(listed.getInteger("stock")).isEqualTo(15);
                            assertThat(listed.getLong("version")).isEqualTo(8);
                        });
                        return products(Actions.Products.DELETE, new JsonObject().put("id", id));
                    })
                    .compose(ignored -> Eventually.poll(platform.vertx(), 2000,
                            () -> Future.succeededFuture(new JsonObject().put("count", eventsOf(id).size())),
                            seen -> seen.getInteger("count") >= 9))
                    .compose(ignored -> products(Actions.Products.GET, new JsonObject().put("id", id))
                            .transform(gone -> {
                                ctx.verify(() -> assertThat(gone.failed()).as("deleted is 404").isTrue());
                                return platform.mongo().findOne("products", new JsonObject().put("_id", id), null);
                            }))
                    .map(stored -> {
                        ctx.verify(() -> {
                            List<DomainEvent> events = eventsOf(id);
                            assertThat(events).extracting(DomainEvent::type).containsExactly(
                                    "product.created", "product.updated", "product.stock_changed",
                                    "product.stock_changed", "product.stock_changed", "product.stock_changed",
                                    "product.stock_changed", "product.stock_changed", "product.deleted");
                            assertThat(events).extracting(DomainEvent::version)
                                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
                            assertThat(events).extracting(DomainEvent::id).doesNotHaveDuplicates();
                            assertThat(events).allSatisfy(event -> {
                                assertThat(event.occurredAt()).isBeforeOrEqualTo(Instant.now());
                                assertThat(event.data().getLong("version")).isEqualTo(event.version());
                            });
                            assertThat(events.get(3).data().getInteger("stock")).as("after reserving 3")
                                    .isEqualTo(12);
                            assertThat(events.get(8).data().getBoolean("is_active")).isFalse();
                            assertThat(stored.getLong("version")).as("stored version").isEqualTo(9);
                        });
                        return stored;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a short reservation, a repeated release and an unknown product publish nothing and change no version")
    void refusedWritesPublishNothing(VertxTestContext ctx) {
        createProduct("Scarce", 1).compose(created -> {
            String id = created.getString("id");
            return products(Actions.Products.RESERVE, order("short-" + UUID.randomUUID(), id, 2))
                    .transform(refused -> {
                        ctx.verify(() -> assertThat(refused.failed()).isTrue());
                        return products(Actions.Products.RELEASE, new JsonObject().put("order_id", "never"));
                    })
                    .compose(ignored -> products(Actions.Products.UPDATE, new JsonObject()
                            .put("id", "5f0000000000000000000000").put("name", "ghost")).transform(missing -> {
                                ctx.verify(() -> assertThat(missing.failed()).isTrue());
                                return products(Actions.Products.GET, new JsonObject().put("id", id));
                            }))
                    .map(current -> {
                        ctx.verify(() -> {
                            assertThat(current.getLong("version")).isEqualTo(1);
                            assertThat(current.getInteger("stock")).isEqualTo(1);
                            assertThat(eventsOf(id)).extracting(DomainEvent::type)
                                    .containsExactly("product.created");
                        });
                        return current;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("an older or repeated event is ignored: the model keeps the newest version")
    void staleEventsAreIgnored(VertxTestContext ctx) {
        createProduct("Fresh", 3).compose(created -> {
            String id = created.getString("id");
            return products(Actions.Products.UPDATE, new JsonObject().put("id", id).put("name", "Fresher"))
                    .compose(updated -> {
                        JsonObject stale = created.copy().put("name", "Stale").put("stock", 99);
                        platform.vertx().eventBus().publish(Events.address(Services.PRODUCTS),
                                DomainEvent.of(Events.Products.UPDATED, 1, stale).toJson());
                        platform.vertx().eventBus().publish(Events.address(Services.PRODUCTS),
                                DomainEvent.of(Events.Products.UPDATED, 2, stale.copy().put("version", 2)).toJson());
                        return products(Actions.Products.LIST, new JsonObject().put("search", "stale"))
                                .compose(listing -> products(Actions.Products.GET, new JsonObject().put("id", id))
                                        .map(product -> new JsonObject().put("listing", listing)
                                                .put("product", product)));
                    })
                    .map(seen -> {
                        ctx.verify(() -> {
                            assertThat(seen.getJsonObject("product").getString("name")).isEqualTo("Fresher");
                            assertThat(seen.getJsonObject("product").getInteger("stock")).isEqualTo(3);
                            assertThat(seen.getJsonObject("listing").getLong("total")).isZero();
                        });
                        return seen;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a change whose event never came (written straight to the database) is picked up by the sync pass")
    void missedChangesAreCaughtUp(VertxTestContext ctx) {
        createProduct("Quiet", 4).compose(created -> {
            String id = created.getString("id");
            JsonObject silentWrite = new JsonObject()
                    .put("$set", new JsonObject().put("name", "Quietly renamed")
                            .put(ProductRepository.CHANGED_AT, System.currentTimeMillis()))
                    .put("$inc", new JsonObject().put("version", 1).put("stock", -1));
            return platform.mongo().updateCollection("products", new JsonObject().put("_id", id), silentWrite)
                    .compose(ignored -> Eventually.poll(platform.vertx(), 5000,
                            () -> products(Actions.Products.LIST, new JsonObject().put("search", "quietly renamed")),
                            listing -> listing.getLong("total") == 1))
                    .map(listing -> {
                        ctx.verify(() -> {
                            JsonObject listed = listing.getJsonArray("items").getJsonObject(0);
                            assertThat(listed.getString("id")).isEqualTo(id);
                            assertThat(listed.getInteger("stock")).isEqualTo(3);
                            assertThat(listed.getLong("version")).isEqualTo(2);
                        });
                        return listing;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }
}
