package io.marketplace.products;

import io.marketplace.auth.AuthVerticle;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.JsonText;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.testkit.Pages;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog as HTTP clients and caches use it: cursor pages that stay exact while vendors add products,
 * revalidation (ETag, 304, cache lifetimes) and optimistic concurrency on product writes (If-Match, 412). Runs with
 * the read model; {@link CatalogHttpFromDatabaseTest} runs the same against the database queries.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogHttpTest {

    private TestPlatform platform;
    private Session vendor;
    private Session otherVendor;

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
                    return Future.all(started.users().vendor(), started.users().vendor());
                })
                .onComplete(ctx.succeeding(sessions -> {
                    vendor = sessions.resultAt(0);
                    otherVendor = sessions.resultAt(1);
                    ctx.completeNow();
                }));
    }

    @AfterAll
    void stop(VertxTestContext ctx) {
        platform.close().onComplete(ctx.succeedingThenComplete());
    }

    private Future<JsonObject> created(String name, String price, int stock, String category) {
        return platform.http().post("/api/products").bearerTokenAuthentication(vendor.accessToken())
                .sendJsonObject(new JsonObject().put("name", name).put("price", new BigDecimal(price))
                        .put("stock", stock).put("category", category))
                .map(response -> {
                    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
                    return response.bodyAsJsonObject();
                });
    }

    private HttpRequest<Buffer> get(String path, String ifNoneMatch) {
        HttpRequest<Buffer> request = platform.http().get(path);
        return ifNoneMatch == null ? request : request.putHeader("If-None-Match", ifNoneMatch);
    }

    private HttpRequest<Buffer> patch(String id, Session who, String ifMatch) {
        HttpRequest<Buffer> request = platform.http().patch("/api/products/" + id)
                .bearerTokenAuthentication(who.accessToken());
        return ifMatch == null ? request : request.putHeader("If-Match", ifMatch);
    }

    private Future<JsonObject> stored(String id) {
        return platform.mongo().findOne("products", new JsonObject().put("_id", id), null);
    }

    @Test
    @DisplayName("cursor pages by price while a vendor adds products at random prices between the requests: every "
            + "product that existed at the start comes exactly once, in price order, and no item twice")
    void cursorUnderConcurrentInserts(VertxTestContext ctx) {
        String category = "cursor-" + UUID.randomUUID();
        Random random = new Random(7);
        List<Future<JsonObject>> initial = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            initial.add(created("Item " + i, (1 + random.nextInt(20)) + ".00", 1, category));
        }
        Future.all(initial).compose(all -> {
            Set<String> existing = new HashSet<>();
            initial.forEach(product -> existing.add(product.result().getString("id")));
            String path = "/api/products?category=" + category + "&sort=price&limit=4";
            return Pages.walk(platform, path, null, () -> Future.all(
                            created("New " + UUID.randomUUID(), (1 + random.nextInt(20)) + ".00", 1, category),
                            created("New " + UUID.randomUUID(), (1 + random.nextInt(20)) + ".50", 1, category)))
                    .map(pages -> {
                        ctx.verify(() -> {
                            List<JsonObject> items = Pages.items(pages);
                            List<String> ids = items.stream().map(p -> p.getString("id")).toList();
                            assertThat(ids).doesNotHaveDuplicates();
                            assertThat(ids).containsAll(existing);
                            List<BigDecimal> prices = items.stream()
                                    .map(p -> new BigDecimal(p.getValue("price").toString())).toList();
                            assertThat(prices).isSorted();
                            assertThat(pages.get(pages.size() - 1).getValue("next")).isNull();
                            assertThat(pages).allSatisfy(page -> assertThat(page.getInteger("limit")).isEqualTo(4));
                        });
                        return pages;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("offset and cursor agree on an unchanged catalog, and categories page with limit and cursor too")
    void offsetAndCursorAgree(VertxTestContext ctx) {
        String category = "agree-" + UUID.randomUUID();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < 7; i++) {
            int n = i;
            chain = chain.compose(ignored -> created("Thing " + n, "3.00", n % 2, category).mapEmpty());
        }
        chain.compose(ignored -> Future.all(
                        Pages.walk(platform, "/api/products?category=" + category + "&limit=3", null,
                                Future::succeededFuture),
                        get("/api/products?category=" + category + "&limit=100", null).send(),
                        Pages.walk(platform, "/api/categories?limit=1", null, Future::succeededFuture),
                        get("/api/categories?limit=0", null).send()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    List<JsonObject> pages = all.resultAt(0);
                    assertThat(pages).hasSize(3);
                    assertThat(pages).extracting(page -> page.getInteger("skip")).containsExactly(0, 3, 6);
                    HttpResponse<Buffer> whole = all.resultAt(1);
                    assertThat(Pages.items(pages)).isEqualTo(whole.bodyAsJsonObject().getJsonArray("items").stream()
                            .map(JsonObject.class::cast).toList());
                    List<JsonObject> categoryPages = all.resultAt(2);
                    HttpResponse<Buffer> categories = all.resultAt(3);
                    JsonObject allCategories = categories.bodyAsJsonObject();
                    assertThat(allCategories.fieldNames()).contains("items", "total", "skip", "limit", "next");
                    assertThat(categoryPages).hasSize(allCategories.getInteger("total"));
                    assertThat(Pages.items(categoryPages)).extracting(c -> c.getString("name"))
                            .containsExactlyElementsOf(allCategories.getJsonArray("items").stream()
                                    .map(c -> ((JsonObject) c).getString("name")).toList())
                            .contains(category);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a product has a weak ETag from its version, Last-Modified and a public cache lifetime; "
            + "If-None-Match with it is a 304, and after a change the old tag gets the new product")
    void productRevalidates(VertxTestContext ctx) {
        created("Kettle", "24.00", 3, "kitchen").compose(product -> {
            String path = "/api/products/" + product.getString("id");
            return get(path, null).send().compose(first -> {
                String etag = first.getHeader("ETag");
                ctx.verify(() -> {
                    assertThat(etag).isEqualTo("W/\"" + first.bodyAsJsonObject().getLong("version") + "\"");
                    assertThat(first.getHeader("Cache-Control"))
                            .isEqualTo("public, max-age=5, stale-while-revalidate=30");
                    assertThat(first.getHeader("Last-Modified")).endsWith(" GMT");
                });
                return get(path, etag).send().compose(notModified -> {
                    ctx.verify(() -> {
                        assertThat(notModified.statusCode()).isEqualTo(304);
                        assertThat(notModified.body() == null || notModified.body().length() == 0).isTrue();
                        assertThat(notModified.getHeader("ETag")).isEqualTo(etag);
                    });
                    return patch(product.getString("id"), vendor, null)
                            .sendJsonObject(new JsonObject().put("price", new BigDecimal("22.00")));
                }).compose(changed -> get(path, etag).send()).map(fresh -> {
                    ctx.verify(() -> {
                        assertThat(fresh.statusCode()).isEqualTo(200);
                        assertThat(fresh.bodyAsJsonObject().getValue("price")).isEqualTo(new BigDecimal("22.00"));
                        assertThat(fresh.getHeader("ETag")).isNotEqualTo(etag);
                    });
                    return fresh;
                });
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("If-Modified-Since at or after Last-Modified is a 304, an earlier or unparseable date a 200, and "
            + "If-None-Match wins when both are sent")
    void ifModifiedSince(VertxTestContext ctx) {
        created("Teapot", "18.00", 2, "kitchen").compose(product -> {
            String path = "/api/products/" + product.getString("id");
            return get(path, null).send().compose(first -> {
                String lastModified = first.getHeader("Last-Modified");
                ZonedDateTime modified = ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME);
                String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.minusSeconds(1));
                String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.plusDays(1));
                return Future.all(List.of(
                        platform.http().get(path).putHeader("If-Modified-Since", lastModified).send(),
                        platform.http().get(path).putHeader("If-Modified-Since", later).send(),
                        platform.http().get(path).putHeader("If-Modified-Since", earlier).send(),
                        platform.http().get(path).putHeader("If-Modified-Since", "yesterday").send(),
                        platform.http().get(path).putHeader("If-Modified-Since", later)
                                .putHeader("If-None-Match", "W/\"0\"").send()));
            });
        }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            int[] expected = {304, 304, 200, 200, 200};
            for (int i = 0; i < expected.length; i++) {
                HttpResponse<Buffer> response = all.resultAt(i);
                assertThat(response.statusCode()).as("request %d", i).isEqualTo(expected[i]);
                if (expected[i] == 200) {
                    assertThat(response.bodyAsJsonObject().getString("name")).isEqualTo("Teapot");
                } else {
                    assertThat(response.body() == null || response.body().length() == 0).isTrue();
                    assertThat(response.getHeader("Last-Modified")).isNotNull();
                }
            }
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("an unknown query parameter on a product or on categories is a 400 naming it")
    void unknownParameters(VertxTestContext ctx) {
        created("Spoon", "1.00", 1, "kitchen").compose(spoon -> Future.all(
                        get("/api/products/" + spoon.getString("id") + "?fields=name", null).send(),
                        get("/api/categories?sort=name", null).send()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    for (int i = 0; i < 2; i++) {
                        HttpResponse<Buffer> refused = all.resultAt(i);
                        assertError(refused, 400, "validation_error");
                        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                                .getString("field")).isEqualTo(i == 0 ? "fields" : "sort");
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a catalog page kept encoded is the service's own answer byte for byte, tagged by its digest, and "
            + "a bad parameter stays a 400 however often it is asked")
    void encodedPageIsTheServiceAnswer(VertxTestContext ctx) {
        String category = "encoded-" + UUID.randomUUID();
        String path = "/api/products?category=" + category + "&sort=price&limit=2";
        JsonObject params = new JsonObject().put("category", category).put("sort", "price").put("limit", "2");
        created("Cup", "3.00", 2, category)
                .compose(cup -> created("Bowl", "2.00", 3, category))
                .compose(bowl -> get(path, null).send())
                .compose(first -> get(path, null).send().compose(second -> platform.bus(Services.PRODUCTS,
                                Actions.Products.LIST, params, Caller.anonymous("encoded-page"))
                        .map(service -> {
                            ctx.verify(() -> {
                                assertThat(first.statusCode()).isEqualTo(200);
                                assertThat(first.bodyAsJsonObject()).isEqualTo(service);
                                assertThat(first.bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
                                        .getString("name")).isEqualTo("Bowl");
                                assertThat(second.body().getBytes()).isEqualTo(first.body().getBytes());
                                assertThat(first.getHeader("ETag"))
                                        .isEqualTo(JsonText.tagOf(first.body().getBytes()))
                                        .isEqualTo(second.getHeader("ETag"));
                            });
                            return service;
                        })))
                .compose(ignored -> get("/api/products?limit=-1", null).send())
                .compose(bad -> get("/api/products?limit=-1", null).send().map(again -> {
                    ctx.verify(() -> {
                        assertError(bad, 400, "validation_error");
                        assertError(again, 400, "validation_error");
                    });
                    return again;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a product kept encoded is the service's own answer byte for byte with its version's tag and "
            + "updated_at's date, a stock change is served at once with the new version, and a deleted one is a 404")
    void encodedProductIsTheServiceAnswer(VertxTestContext ctx) {
        created("Ladle", "4.00", 5, "kitchen").compose(product -> {
            String id = product.getString("id");
            String path = "/api/products/" + id;
            return get(path, null).send()
                    .compose(first -> get(path, null).send().compose(second -> platform.bus(Services.PRODUCTS,
                                    Actions.Products.GET, new JsonObject().put("id", id),
                                    Caller.anonymous("encoded-product"))
                            .map(service -> {
                                ctx.verify(() -> {
                                    assertThat(first.statusCode()).isEqualTo(200);
                                    assertThat(first.bodyAsJsonObject()).isEqualTo(service);
                                    assertThat(second.body().getBytes()).isEqualTo(first.body().getBytes());
                                    assertThat(first.getHeader("ETag"))
                                            .isEqualTo("W/\"" + service.getLong("version") + "\"")
                                            .isEqualTo(second.getHeader("ETag"));
                                    assertThat(first.getHeader("Last-Modified")).isEqualTo(
                                            DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC)
                                                    .format(Instant.parse(service.getString("updated_at"))));
                                });
                                return first.getHeader("ETag");
                            })))
                    .compose(etag -> platform.http().patch(path + "/stock")
                            .bearerTokenAuthentication(vendor.accessToken())
                            .sendJsonObject(new JsonObject().put("delta", -2))
                            .compose(adjusted -> get(path, etag).send())
                            .compose(fresh -> stored(id).map(doc -> {
                                ctx.verify(() -> {
                                    assertThat(fresh.statusCode()).isEqualTo(200);
                                    assertThat(fresh.bodyAsJsonObject().getInteger("stock")).isEqualTo(3)
                                            .isEqualTo(doc.getInteger("stock"));
                                    assertThat(fresh.getHeader("ETag"))
                                            .isEqualTo("W/\"" + doc.getLong("version") + "\"")
                                            .isNotEqualTo(etag);
                                });
                                return fresh;
                            })))
                    .compose(ignored -> platform.http().delete(path).bearerTokenAuthentication(vendor.accessToken())
                            .send())
                    .compose(deleted -> get(path, null).send())
                    .map(gone -> {
                        ctx.verify(() -> assertError(gone, 404, "not_found"));
                        return gone;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("catalog pages revalidate: 304 while unchanged, 200 once a product of the page changes")
    void catalogPageRevalidates(VertxTestContext ctx) {
        String category = "page-" + UUID.randomUUID();
        String path = "/api/products?category=" + category;
        created("Mug", "4.00", 5, category).compose(mug -> get(path, null).send().compose(first -> {
            String etag = first.getHeader("ETag");
            ctx.verify(() -> assertThat(first.getHeader("Cache-Control")).startsWith("public"));
            return get(path, etag).send().compose(same -> {
                ctx.verify(() -> assertThat(same.statusCode()).isEqualTo(304));
                return platform.http().patch("/api/products/" + mug.getString("id") + "/stock")
                        .bearerTokenAuthentication(vendor.accessToken())
                        .sendJsonObject(new JsonObject().put("delta", -1));
            }).compose(restocked -> get(path, etag).send()).map(changed -> {
                ctx.verify(() -> {
                    assertThat(changed.statusCode()).isEqualTo(200);
                    assertThat(changed.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getInteger("stock"))
                            .isEqualTo(4);
                });
                return changed;
            });
        })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("PATCH with a stale If-Match is 412 and changes nothing; with the current ETag it applies and "
            + "returns the new version")
    void ifMatchOnPatch(VertxTestContext ctx) {
        created("Teapot", "30.00", 2, "kitchen").compose(product -> {
            String id = product.getString("id");
            String current = "W/\"" + product.getLong("version") + "\"";
            return patch(id, vendor, "\"stale\"").sendJsonObject(new JsonObject().put("price", new BigDecimal("1.00")))
                    .compose(stale -> {
                        ctx.verify(() -> {
                            assertError(stale, 412, "precondition_failed");
                            assertThat(stale.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                                    .getLong("version")).isEqualTo(product.getLong("version"));
                        });
                        return stored(id);
                    })
                    .compose(unchanged -> {
                        ctx.verify(() -> assertThat(unchanged.getLong("price_cents")).isEqualTo(3000));
                        return patch(id, vendor, current)
                                .sendJsonObject(new JsonObject().put("price", new BigDecimal("28.00")));
                    })
                    .compose(applied -> {
                        ctx.verify(() -> {
                            assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(200);
                            assertThat(applied.bodyAsJsonObject().getLong("version"))
                                    .isGreaterThan(product.getLong("version"));
                        });
                        return patch(id, vendor, current)
                                .sendJsonObject(new JsonObject().put("price", new BigDecimal("2.00")));
                    })
                    .compose(again -> {
                        ctx.verify(() -> assertError(again, 412, "precondition_failed"));
                        return stored(id);
                    });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat(after.getLong("price_cents")).isEqualTo(2800);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("two vendors' edits with the same If-Match race: exactly one applies, the other gets 412")
    void ifMatchIsAtomic(VertxTestContext ctx) {
        created("Clock", "10.00", 1, "home").compose(product -> {
            String id = product.getString("id");
            String current = "W/\"" + product.getLong("version") + "\"";
            List<Future<HttpResponse<Buffer>>> edits = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                edits.add(patch(id, vendor, current)
                        .sendJsonObject(new JsonObject().put("description", "edit " + i)));
            }
            return Future.all(edits).compose(done -> stored(id).map(after -> {
                ctx.verify(() -> {
                    assertThat(edits.stream().filter(e -> e.result().statusCode() == 200)).hasSize(1);
                    edits.stream().map(Future::result).filter(r -> r.statusCode() != 200)
                            .forEach(r -> assertError(r, 412, "precondition_failed"));
                    assertThat(after.getLong("version")).isEqualTo(product.getLong("version") + 1);
                });
                return after;
            }));
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("DELETE with a stale If-Match is 412 and the product stays; a stranger still gets 403, not 412")
    void ifMatchOnDelete(VertxTestContext ctx) {
        created("Vase", "12.00", 1, "home").compose(product -> {
            String id = product.getString("id");
            return platform.http().delete("/api/products/" + id).bearerTokenAuthentication(vendor.accessToken())
                    .putHeader("If-Match", "W/\"999\"").send()
                    .compose(stale -> {
                        ctx.verify(() -> assertError(stale, 412, "precondition_failed"));
                        return platform.http().delete("/api/products/" + id)
                                .bearerTokenAuthentication(otherVendor.accessToken())
                                .putHeader("If-Match", "W/\"999\"").send();
                    })
                    .compose(stranger -> {
                        ctx.verify(() -> assertError(stranger, 403, "forbidden"));
                        return Future.all(get("/api/products/" + id, null).send(), stored(id));
                    });
        }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat(((HttpResponse<Buffer>) after.resultAt(0)).statusCode()).isEqualTo(200);
            assertThat(((JsonObject) after.resultAt(1)).getBoolean("deleted")).isFalse();
            ctx.completeNow();
        })));
    }
}
