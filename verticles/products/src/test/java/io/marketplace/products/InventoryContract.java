package io.marketplace.products;

import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.money.Money;
import io.marketplace.testkit.InMemoryMongo;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory's promises (atomic, idempotent, all-or-nothing), run with real concurrency against each MongoDB the
 * repository must work with.
 */
@ExtendWith(VertxExtension.class)
abstract class InventoryContract {

    private static final Caller SYSTEM = Caller.system("test");

    private MongoClient mongo;
    private ProductRepository products;
    private InventoryService inventory;

    protected abstract String connectionString();

    @BeforeEach
    void connect(Vertx vertx, VertxTestContext ctx) {
        mongo = InMemoryMongo.freshDatabase(vertx, connectionString(), "inventory");
        products = new ProductRepository(mongo);
        ReleasedOrders released = new ReleasedOrders(mongo);
        inventory = new InventoryService(products, new CatalogReadModel(vertx, products,
                new CategoryRepository(mongo), 0, 60_000), released);
        products.createIndexes().compose(ignored -> released.createIndexes())
                .onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void close(VertxTestContext ctx) {
        mongo.close().onComplete(ctx.succeedingThenComplete());
    }

    private Future<String> product(int stock) {
        Instant now = Instant.now();
        Product product = new Product(new ObjectId().toHexString(), "Thing", "", Money.of("2.50"), "c", stock, 0,
                "vendor-1", null, false, now, now, 1);
        return products.insert(product).map(Product::id);
    }

    private Future<JsonObject> stored(String id) {
        return mongo.findOne(ProductRepository.COLLECTION, new JsonObject().put("_id", id), null);
    }

    private static JsonObject order(String orderId, Object... productAndQuantity) {
        JsonArray lines = new JsonArray();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            lines.add(new JsonObject().put("product_id", productAndQuantity[i])
                    .put("quantity", productAndQuantity[i + 1]));
        }
        return new JsonObject().put("order_id", orderId).put("lines", lines);
    }

    @Test
    @DisplayName("50 parallel reservations of one unit against stock 5: exactly 5 succeed and stock ends at 0")
    void parallelReservationsNeverOversell(VertxTestContext ctx) {
        product(5).compose(id -> {
            List<Future<JsonObject>> attempts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                attempts.add(inventory.reserve(order("order-" + i, id, 1), SYSTEM));
            }
            CompositeFuture settled = Future.join(attempts);
            return settled.transform(ignored -> stored(id).map(doc -> {
                long won = attempts.stream().filter(Future::succeeded).count();
                ctx.verify(() -> {
                    assertThat(won).isEqualTo(5);
                    assertThat(attempts.stream().filter(Future::failed)
                            .map(f -> ((ServiceException) f.cause()).status())).containsOnly(409);
                    assertThat(doc.getInteger("stock")).isZero();
                    assertThat(doc.getJsonArray("reservations")).hasSize(5);
                });
                return doc;
            }));
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("reserving the same order twice takes stock once; releasing twice gives it back once")
    void idempotentPerOrder(VertxTestContext ctx) {
        product(10).compose(id -> inventory.reserve(order("o-1", id, 3), SYSTEM)
                        .compose(first -> inventory.reserve(order("o-1", id, 3), SYSTEM))
                        .compose(second -> {
                            ctx.verify(() -> {
                                JsonObject line = second.getJsonArray("lines").getJsonObject(0);
                                assertThat(line.getInteger("quantity")).isEqualTo(3);
                                assertThat(line.getValue("unit_price").toString()).isEqualTo("2.50");
                                assertThat(line.getString("name")).isEqualTo("Thing");
                            });
                            return stored(id);
                        })
                        .compose(afterReserve -> {
                            ctx.verify(() -> assertThat(afterReserve.getInteger("stock")).isEqualTo(7));
                            JsonObject release = new JsonObject().put("order_id", "o-1");
                            return inventory.release(release, SYSTEM)
                                    .compose(r -> inventory.release(release, SYSTEM))
                                    .compose(r -> inventory.release(new JsonObject().put("order_id", "unknown"),
                                            SYSTEM));
                        })
                        .compose(ignored -> stored(id)))
                .onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
                    assertThat(doc.getInteger("stock")).isEqualTo(10);
                    assertThat(doc.getJsonArray("reservations")).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a multi-line reservation whose last line is short leaves every stock unchanged and names the line")
    void allOrNothing(VertxTestContext ctx) {
        Future.all(product(4), product(4), product(1)).compose(ids -> {
            String a = ids.resultAt(0);
            String b = ids.resultAt(1);
            String c = ids.resultAt(2);
            return inventory.reserve(order("o-2", a, 2, b, 3, c, 2), SYSTEM)
                    .transform(result -> {
                        ctx.verify(() -> {
                            assertThat(result.failed()).isTrue();
                            ServiceException error = (ServiceException) result.cause();
                            assertThat(error.status()).isEqualTo(409);
                            assertThat(error.code()).isEqualTo("insufficient_stock");
                            JsonObject details = (JsonObject) error.details();
                            assertThat(details.getString("product_id")).isEqualTo(c);
                            assertThat(details.getInteger("available")).isEqualTo(1);
                            assertThat(details.getInteger("requested")).isEqualTo(2);
                        });
                        return Future.all(stored(a), stored(b), stored(c));
                    });
        }).onComplete(ctx.succeeding(docs -> ctx.verify(() -> {
            assertThat(((JsonObject) docs.resultAt(0)).getInteger("stock")).isEqualTo(4);
            assertThat(((JsonObject) docs.resultAt(1)).getInteger("stock")).isEqualTo(4);
            assertThat(((JsonObject) docs.resultAt(2)).getInteger("stock")).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                assertThat(((JsonObject) docs.resultAt(i)).getJsonArray("reservations")).isEmpty();
            }
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("an unknown product is a 404 that leaves the other lines unreserved")
    void unknownProduct(VertxTestContext ctx) {
        product(3).compose(id -> inventory.reserve(order("o-3", id, 1, "missing", 1), SYSTEM)
                        .transform(result -> {
                            ctx.verify(() -> assertThat(((ServiceException) result.cause()).status()).isEqualTo(404));
                            return stored(id);
                        }))
                .onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
                    assertThat(doc.getInteger("stock")).isEqualTo(3);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("commit turns a reservation into a sale: stock stays down, a later release changes nothing")
    void commitIsFinal(VertxTestContext ctx) {
        product(5).compose(id -> inventory.reserve(order("o-4", id, 2), SYSTEM)
                        .compose(r -> inventory.commit(new JsonObject().put("order_id", "o-4"), SYSTEM))
                        .compose(r -> inventory.commit(new JsonObject().put("order_id", "o-4"), SYSTEM))
                        .compose(r -> inventory.release(new JsonObject().put("order_id", "o-4"), SYSTEM))
                        .compose(r -> stored(id)))
                .onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
                    assertThat(doc.getInteger("stock")).isEqualTo(3);
                    assertThat(doc.getInteger("sold")).isEqualTo(2);
                    assertThat(doc.getJsonArray("reservations")).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("commit with the order's lines settles each once; a line with a wrong quantity still settles what is held")
    void commitWithLines(VertxTestContext ctx) {
        Future.all(product(5), product(5)).compose(ids -> {
            String a = ids.resultAt(0);
            String b = ids.resultAt(1);
            JsonObject reservation = order("o-8", a, 2, b, 1);
            JsonObject wrongQuantity = order("o-8", a, 2, b, 3);
            return inventory.reserve(reservation, SYSTEM)
                    .compose(r -> inventory.commit(wrongQuantity, SYSTEM))
                    .compose(first -> inventory.commit(reservation, SYSTEM).map(second -> {
                        ctx.verify(() -> {
                            assertThat(first.getInteger("committed_lines")).isEqualTo(2);
                            assertThat(second.getInteger("committed_lines")).as("a replay commits nothing").isZero();
                        });
                        return second;
                    }))
                    .compose(r -> Future.all(stored(a), stored(b)));
        }).onComplete(ctx.succeeding(docs -> ctx.verify(() -> {
            JsonObject a = docs.resultAt(0);
            JsonObject b = docs.resultAt(1);
            assertThat(a.getInteger("stock")).isEqualTo(3);
            assertThat(a.getInteger("sold")).isEqualTo(2);
            assertThat(b.getInteger("stock")).isEqualTo(4);
            assertThat(b.getInteger("sold")).isEqualTo(1);
            assertThat(a.getJsonArray("reservations")).isEmpty();
            assertThat(b.getJsonArray("reservations")).isEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a reserve arriving after its order's release takes nothing and is refused with 409 order_released; "
            + "release and commit of that order stay no-ops")
    void lateReserveIsRefused(VertxTestContext ctx) {
        JsonObject late = new JsonObject().put("order_id", "o-late");
        product(10).compose(id -> inventory.release(late, SYSTEM)
                        .compose(released -> inventory.reserve(order("o-late", id, 3), SYSTEM)
                                .<JsonObject>transform(reserved -> {
                                    ctx.verify(() -> {
                                        assertThat(reserved.failed()).as("late reserve refused").isTrue();
                                        ServiceException error = ServiceException.from(reserved.cause());
                                        assertThat(error.status()).isEqualTo(409);
                                        assertThat(error.code()).isEqualTo("order_released");
                                    });
                                    return inventory.release(late, SYSTEM);
                                }))
                        .compose(again -> {
                            ctx.verify(() -> assertThat(again.getInteger("released_lines")).isZero());
                            return inventory.commit(late, SYSTEM);
                        })
                        .compose(committed -> {
                            ctx.verify(() -> assertThat(committed.getInteger("committed_lines")).isZero());
                            return stored(id);
                        }))
                .onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
                    assertThat(doc.getInteger("stock")).isEqualTo(10);
                    assertThat(doc.getInteger("sold", 0)).isZero();
                    assertThat(doc.getJsonArray("reservations", new JsonArray())).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a reservation released by its order's give-up is not taken again by a repeated reserve")
    void releasedOrderStaysReleased(VertxTestContext ctx) {
        JsonObject release = new JsonObject().put("order_id", "o-gone");
        product(10).compose(id -> inventory.reserve(order("o-gone", id, 4), SYSTEM)
                        .compose(reserved -> inventory.release(release, SYSTEM))
                        .compose(released -> {
                            ctx.verify(() -> assertThat(released.getInteger("released_lines")).isEqualTo(1));
                            return inventory.reserve(order("o-gone", id, 4), SYSTEM)
                                    .transform(repeated -> {
                                        ctx.verify(() -> {
                                            assertThat(repeated.failed()).as("repeated reserve refused").isTrue();
                                            assertThat(ServiceException.from(repeated.cause()).code())
                                                    .isEqualTo("order_released");
                                        });
                                        return stored(id);
                                    });
                        }))
                .onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
                    assertThat(doc.getInteger("stock")).isEqualTo(10);
                    assertThat(doc.getJsonArray("reservations", new JsonArray())).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("restocking a cancelled sale returns its units once, however often it is asked")
    void restockOnce(VertxTestContext ctx) {
        product(5).compose(id -> inventory.reserve(order("o-7", id, 2), SYSTEM)
                        .compose(r -> inventory.commit(new JsonObject().put("order_id", "o-7"), SYSTEM))
                        .compose(r -> inventory.restock(order("o-7", id, 2), SYSTEM))
                        .compose(r -> inventory.restock(order("o-7", id, 2), SYSTEM))
                        .compose(r -> stored(id)))
                .onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
                    assertThat(doc.getInteger("stock")).isEqualTo(5);
                    assertThat(doc.getInteger("sold")).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("open reservations are listed for the recovery pass, with their product and quantity")
    void openReservations(VertxTestContext ctx) {
        product(5).compose(id -> inventory.reserve(order("o-5", id, 2), SYSTEM)
                        .compose(r -> Future.all(
                                inventory.openReservations(new JsonObject().put("older_than_ms", 0), SYSTEM),
                                inventory.openReservations(new JsonObject().put("older_than_ms", 3_600_000), SYSTEM)))
                        .map(all -> {
                            ctx.verify(() -> {
                                JsonArray now = ((JsonObject) all.resultAt(0)).getJsonArray("items");
                                assertThat(now).hasSize(1);
                                assertThat(now.getJsonObject(0).getString("order_id")).isEqualTo("o-5");
                                assertThat(now.getJsonObject(0).getString("product_id")).isEqualTo(id);
                                assertThat(now.getJsonObject(0).getInteger("quantity")).isEqualTo(2);
                                assertThat(((JsonObject) all.resultAt(1)).getJsonArray("items")).isEmpty();
                            });
                            return all;
                        }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("bad reservation requests are 400: no lines, zero or fractional quantity")
    void badRequests(VertxTestContext ctx) {
        List<JsonObject> bad = List.of(
                new JsonObject().put("order_id", "o-6").put("lines", new JsonArray()),
                order("o-6", "p", 0),
                order("o-6", "p", new java.math.BigDecimal("1.5")),
                new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("product_id", "p")
                        .put("quantity", 1))));
        List<Future<JsonObject>> attempts = bad.stream().map(body -> {
            try {
                return inventory.reserve(body, SYSTEM);
            } catch (ServiceException e) {
                return Future.<JsonObject>failedFuture(e);
            }
        }).toList();
        Future.join(attempts).onComplete(ignored -> ctx.verify(() -> {
            for (Future<JsonObject> attempt : attempts) {
                assertThat(((ServiceException) attempt.cause()).status()).isEqualTo(400);
            }
            ctx.completeNow();
        }));
    }
}
