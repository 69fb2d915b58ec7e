package io.marketplace.products;

import io.marketplace.auth.AuthVerticle;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog through the gateway: who may list, edit and delete, validation, and browsing. Runs with the reads
 * served by the read model; {@link CatalogFromDatabaseApiTest} runs the same with the read model off.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogApiTest {

    private static TestPlatform platform;
    private static Session vendor;
    private static Session otherVendor;
    private static Session user;
    private static Session admin;

    /** The CATALOG_MEMORY_LIMIT this run uses. */
    protected Object catalogMemoryLimit() {
        return "auto";
    }

    @BeforeAll
    void start(Vertx vertx, VertxTestContext ctx) {
        TestPlatform.builder()
                .config(ConfigKeys.CATALOG_MEMORY_LIMIT, catalogMemoryLimit())
                .verticle(AuthVerticle::new)
                .verticle(ProductsVerticle::new)
                .verticle(GatewayVerticle::new)
                .start(vertx)
                .compose(started -> {
                    platform = started;
                    return Future.all(started.users().vendor(), started.users().vendor(), started.users().user(),
                            started.users().admin());
                })
                .onComplete(ctx.succeeding(sessions -> {
                    vendor = sessions.resultAt(0);
                    otherVendor = sessions.resultAt(1);
                    user = sessions.resultAt(2);
                    admin = sessions.resultAt(3);
                    ctx.completeNow();
                }));
    }

    @AfterAll
    void stop(VertxTestContext ctx) {
        platform.close().onComplete(ctx.succeedingThenComplete());
    }

    static JsonObject product(String name, String price, int stock, String category) {
        return new JsonObject().put("name", name).put("description", "A fine " + name)
                .put("price", new BigDecimal(price)).put("stock", stock).put("category", category);
    }

    static Future<HttpResponse<Buffer>> create(Session who, JsonObject body) {
        return platform.http().post("/api/products").bearerTokenAuthentication(who.accessToken())
                .sendJsonObject(body);
    }

    static Future<JsonObject> created(Session who, JsonObject body) {
        return create(who, body).map(response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
            return response.bodyAsJsonObject();
        });
    }

    private static Future<JsonObject> list(String query) {
        return platform.http().get("/api/products" + query).send().map(response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            return response.bodyAsJsonObject();
        });
    }

    @Test
    @DisplayName("a vendor lists a product: 201, vendor from the token, exact price, visible to anonymous browsers")
    void vendorCreates(VertxTestContext ctx) {
        created(vendor, product("Lamp", "19.90", 7, "Home").put("vendor_id", "spoofed"))
                .compose(lamp -> {
                    ctx.verify(() -> {
                        assertThat(lamp.getString("vendor_id")).isEqualTo(vendor.userId());
                        assertThat(lamp.getValue("price")).isEqualTo(new BigDecimal("19.90"));
                        assertThat(lamp.getInteger("stock")).isEqualTo(7);
                    });
                    return Future.all(platform.http().get("/api/products/" + lamp.getString("id")).send(),
                            platform.mongo().findOne("products", new JsonObject().put("_id", lamp.getString("id")),
                                    null));
                })
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    HttpResponse<Buffer> fetched = all.resultAt(0);
                    assertThat(fetched.statusCode()).isEqualTo(200);
                    assertThat(fetched.bodyAsString()).contains("\"price\":19.90");
                    JsonObject stored = all.resultAt(1);
                    assertThat(stored.getLong("price_cents")).isEqualTo(1990L);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a plain user cannot list products (403) and nothing is stored")
    void userCannotCreate(VertxTestContext ctx) {
        String name = "Forbidden-" + UUID.randomUUID();
        create(user, product(name, "5.00", 1, "x"))
                .compose(response -> {
                    ctx.verify(() -> assertError(response, 403, "forbidden"));
                    return platform.mongo().count("products", new JsonObject().put("name", name));
                })
                .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
                    assertThat(count).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("another vendor cannot edit or delete (403), the owner and an admin can")
    void ownership(VertxTestContext ctx) {
        created(vendor, product("Chair", "49.00", 3, "Home")).compose(chair -> {
            String path = "/api/products/" + chair.getString("id");
            return platform.http().patch(path).bearerTokenAuthentication(otherVendor.accessToken())
                    .sendJsonObject(new JsonObject().put("price", 1))
                    .compose(foreignEdit -> {
                        ctx.verify(() -> assertError(foreignEdit, 403, "forbidden"));
                        return platform.http().delete(path).bearerTokenAuthentication(otherVendor.accessToken()).send();
                    })
                    .compose(foreignDelete -> {
                        ctx.verify(() -> assertError(foreignDelete, 403, "forbidden"));
                        return platform.http().patch(path).bearerTokenAuthentication(vendor.accessToken())
                                .sendJsonObject(new JsonObject().put("price", new BigDecimal("45.50")));
                    })
                    .compose(ownerEdit -> {
                        ctx.verify(() -> {
                            assertThat(ownerEdit.statusCode()).isEqualTo(200);
                            assertThat(ownerEdit.bodyAsJsonObject().getValue("price"))
                                    .isEqualTo(new BigDecimal("45.50"));
                        });
                        return platform.http().put(path).bearerTokenAuthentication(admin.accessToken())
                                .sendJsonObject(new JsonObject().put("name", "Admin chair"));
                    })
                    .compose(adminEdit -> {
                        ctx.verify(() -> assertThat(adminEdit.bodyAsJsonObject().getString("name"))
                                .isEqualTo("Admin chair"));
                        return platform.http().delete(path).bearerTokenAuthentication(admin.accessToken()).send();
                    })
                    .compose(adminDelete -> {
                        ctx.verify(() -> assertThat(adminDelete.statusCode()).isEqualTo(200));
                        return platform.http().get(path).send();
                    });
        }).onComplete(ctx.succeeding(afterDelete -> ctx.verify(() -> {
            assertError(afterDelete, 404, "not_found");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("invalid products are refused with 400 naming the field, and nothing is stored")
    void validation(VertxTestContext ctx) {
        String marker = "Invalid-" + UUID.randomUUID();
        List<Future<HttpResponse<Buffer>>> attempts = List.of(
                create(vendor, product(marker, "1.00", 1, "x").put("name", "")),
                create(vendor, product(marker, "1.00", 1, "x").put("price", -1)),
                create(vendor, product(marker, "1.00", 1, "x").put("price", 0)),
                create(vendor, product(marker, "1.00", 1, "x").put("price", new BigDecimal("1.999"))),
                create(vendor, product(marker, "1.00", 1, "x").put("stock", -1)),
                create(vendor, product(marker, "1.00", 1, "x").put("stock", "many")),
                create(vendor, product(marker, "1.00", 1, "x").put("price", "cheap")),
                create(vendor, product(marker, "1.00", 1, "x").put("name", 12)),
                create(vendor, product(marker, "1.00", 1, "x").put("stock", new BigDecimal("1.5"))),
                platform.http().post("/api/products").bearerTokenAuthentication(vendor.accessToken())
                        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"name\":")));
        String[] fields = {"name", "price", "price", "price", "stock", "stock", "price", "name", "stock"};
        Future.all(attempts)
                .compose(all -> {
                    ctx.verify(() -> {
                        for (int i = 0; i < fields.length; i++) {
                            HttpResponse<Buffer> response = all.resultAt(i);
                            assertError(response, 400, "validation_error");
                            assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                                    .getString("field")).as("attempt %d", i).isEqualTo(fields[i]);
                        }
                        assertError(all.resultAt(fields.length), 400, "malformed_json");
                    });
                    return platform.mongo().count("products", new JsonObject().put("name", marker));
                })
                .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
                    assertThat(count).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("25 products page correctly by skip and by page, with the right total")
    void pagination(VertxTestContext ctx) {
        String category = "paged-" + UUID.randomUUID();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < 25; i++) {
            int n = i;
            chain = chain.compose(ignored -> created(vendor, product(String.format("Item %02d", n), "1.00", 1,
                    category)).mapEmpty());
        }
        chain.compose(ignored -> Future.all(
                        list("?category=" + category + "&limit=10&sort=name"),
                        list("?category=" + category + "&limit=10&skip=20&sort=name"),
                        list("?category=" + category + "&limit=10&page=3&sort=name"),
                        list("?category=" + category.toUpperCase())))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    JsonObject first = all.resultAt(0);
                    assertThat(first.getLong("total")).isEqualTo(25);
                    assertThat(first.getInteger("limit")).isEqualTo(10);
                    assertThat(names(first)).containsExactly("Item 00", "Item 01", "Item 02", "Item 03", "Item 04",
                            "Item 05", "Item 06", "Item 07", "Item 08", "Item 09");
                    JsonObject last = all.resultAt(1);
                    assertThat(last.getInteger("skip")).isEqualTo(20);
                    assertThat(names(last)).containsExactly("Item 20", "Item 21", "Item 22", "Item 23", "Item 24");
                    assertThat(names(all.resultAt(2))).isEqualTo(names(last));
                    JsonObject defaults = all.resultAt(3);
                    assertThat(defaults.getInteger("limit")).isEqualTo(20);
                    assertThat(defaults.getJsonArray("items")).hasSize(20);
                    assertThat(names(defaults).get(0)).as("newest first by default").isEqualTo("Item 24");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("filters and sorts: price range, vendor, in stock and out of stock, price both ways")
    void filtersAndSorts(VertxTestContext ctx) {
        String category = "filter-" + UUID.randomUUID();
        created(vendor, product("Cheap", "5.00", 0, category))
                .compose(ignored -> created(vendor, product("Middle", "15.50", 2, category)))
                .compose(ignored -> created(otherVendor, product("Dear", "99.99", 1, category)))
                .compose(ignored -> Future.all(List.of(
                        list("?category=" + category + "&min_price=10&max_price=20"),
                        list("?category=" + category + "&vendor_id=" + otherVendor.userId()),
                        list("?category=" + category + "&in_stock=true&sort=price"),
                        list("?category=" + category + "&sort=-price"),
                        list("?category=" + category + "&sort=price"),
                        list("?category=" + category + "&in_stock=false"))))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertThat(names(all.resultAt(5))).containsExactly("Cheap");
                    assertThat(((JsonObject) all.resultAt(5)).getLong("total")).isEqualTo(1);
                    assertThat(names(all.resultAt(0))).containsExactly("Middle");
                    assertThat(names(all.resultAt(1))).containsExactly("Dear");
                    assertThat(names(all.resultAt(2))).containsExactly("Middle", "Dear");
                    assertThat(names(all.resultAt(3))).containsExactly("Dear", "Middle", "Cheap");
                    assertThat(names(all.resultAt(4))).containsExactly("Cheap", "Middle", "Dear");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("search is case-insensitive over name and description and treats regex characters literally")
    void literalSearch(VertxTestContext ctx) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        created(vendor, product("Widget (" + tag + ")", "3.00", 1, "search"))
                .compose(ignored -> created(vendor, product("Gadget " + tag, "3.00", 1, "search")
                        .put("description", "Works with WIDGET-" + tag)))
                .compose(ignored -> Future.all(List.of(
                        list("?search=widget"),
                        list("?search=(" + tag),
                        list("?search=.*"),
                        list("?search=" + tag + ".*"),
                        platform.http().get("/api/products?search=(").send().map(HttpResponse::bodyAsJsonObject))))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertThat(names(all.resultAt(0))).contains("Widget (" + tag + ")", "Gadget " + tag);
                    assertThat(names(all.resultAt(1))).containsExactly("Widget (" + tag + ")");
                    assertThat(names(all.resultAt(2))).isEmpty();
                    assertThat(names(all.resultAt(3))).isEmpty();
                    assertThat(((JsonObject) all.resultAt(4)).getJsonArray("items")).isNotNull();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("bad list parameters are 400: negative limit, unknown sort, negative skip, min above max, "
            + "a misspelled parameter")
    void badListParameters(VertxTestContext ctx) {
        Future.all(List.of(
                        platform.http().get("/api/products?limit=-1").send(),
                        platform.http().get("/api/products?categroy=books").send(),
                        platform.http().get("/api/products?sort=popularity").send(),
                        platform.http().get("/api/products?skip=-1").send(),
                        platform.http().get("/api/products?min_price=10&max_price=5").send(),
                        platform.http().get("/api/products?limit=abc").send()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    for (int i = 0; i < all.size(); i++) {
                        assertError(all.resultAt(i), 400, "validation_error");
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("one 400 names every invalid list parameter, the unknown ones included")
    void everyInvalidListParameterIsReported(VertxTestContext ctx) {
        platform.http().get("/api/products?limit=abc&sort=popularity&categroy=books&min_price=10&max_price=5"
                        + "&in_stock=maybe").send()
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertError(response, 400, "validation_error");
                    JsonArray errors = response.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                            .getJsonArray("errors");
                    assertThat(errors.stream().map(error -> ((JsonObject) error).getString("field")).toList())
                            .containsExactlyInAnyOrder("categroy", "sort", "min_price", "in_stock", "limit");
                    assertThat(errors.stream().map(error -> ((JsonObject) error).getString("code")))
                            .contains("unknown_parameter");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("an unknown or malformed product id is 404, never 500")
    void unknownIds(VertxTestContext ctx) {
        Future.all(platform.http().get("/api/products/000000000000000000000000").send(),
                        platform.http().get("/api/products/%7B%24ne%7D").send())
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.resultAt(0), 404, "not_found");
                    assertError(all.resultAt(1), 404, "not_found");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("the owner adjusts stock by a delta; going below zero is a 409 that changes nothing")
    void stockAdjustments(VertxTestContext ctx) {
        created(vendor, product("Mug", "8.00", 4, "Kitchen")).compose(mug -> {
            String path = "/api/products/" + mug.getString("id") + "/stock";
            return platform.http().patch(path).bearerTokenAuthentication(vendor.accessToken())
                    .sendJsonObject(new JsonObject().put("delta", 6))
                    .compose(restocked -> {
                        ctx.verify(() -> assertThat(restocked.bodyAsJsonObject().getInteger("stock")).isEqualTo(10));
                        return platform.http().patch(path).bearerTokenAuthentication(vendor.accessToken())
                                .sendJsonObject(new JsonObject().put("delta", -11));
                    })
                    .compose(tooMuch -> {
                        ctx.verify(() -> assertError(tooMuch, 409, "insufficient_stock"));
                        return platform.http().patch(path).bearerTokenAuthentication(otherVendor.accessToken())
                                .sendJsonObject(new JsonObject().put("delta", 1));
                    })
                    .compose(foreign -> {
                        ctx.verify(() -> assertError(foreign, 403, "forbidden"));
                        return platform.http().get("/api/products/" + mug.getString("id")).send();
                    });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat(after.bodyAsJsonObject().getInteger("stock")).isEqualTo(10);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("categories list product counts; only an admin declares one, and only once")
    void categories(VertxTestContext ctx) {
        String name = "Cat-" + UUID.randomUUID().toString().substring(0, 6);
        created(vendor, product("Counted", "1.00", 1, name))
                .compose(ignored -> platform.http().post("/api/categories").bearerTokenAuthentication(vendor.accessToken())
                        .sendJsonObject(new JsonObject().put("name", "Vendors-cannot")))
                .compose(forbidden -> {
                    ctx.verify(() -> assertError(forbidden, 403, "forbidden"));
                    return platform.http().post("/api/categories").bearerTokenAuthentication(admin.accessToken())
                            .sendJsonObject(new JsonObject().put("name", name + "-declared").put("description", "d"));
                })
                .compose(declared -> {
                    ctx.verify(() -> assertThat(declared.statusCode()).isEqualTo(201));
                    return platform.http().post("/api/categories").bearerTokenAuthentication(admin.accessToken())
                            .sendJsonObject(new JsonObject().put("name", name + "-DECLARED"));
                })
                .compose(duplicate -> {
                    ctx.verify(() -> assertError(duplicate, 409, "category_exists"));
                    return platform.http().get("/api/categories").send();
                })
                .onComplete(ctx.succeeding(listed -> ctx.verify(() -> {
                    JsonArray items = listed.bodyAsJsonObject().getJsonArray("items");
                    JsonObject counted = find(items, name);
                    JsonObject declared = find(items, name + "-declared");
                    assertThat(counted.getInteger("product_count")).isEqualTo(1);
                    assertThat(declared.getInteger("product_count")).isZero();
                    ctx.completeNow();
                })));
    }

    private static JsonObject find(JsonArray items, String name) {
        return items.stream().map(JsonObject.class::cast).filter(item -> name.equals(item.getString("name")))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + items.encode()));
    }

    static List<String> names(JsonObject page) {
        List<String> names = new ArrayList<>();
        page.getJsonArray("items").forEach(item -> names.add(((JsonObject) item).getString("name")));
        return names;
    }
}
