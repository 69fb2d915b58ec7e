package io.marketplace.products;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.common.money.Money;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Above CATALOG_MEMORY_LIMIT the catalog is read from the database. A product written straight into the database
 * (no event, and a sync period longer than the test) tells the two paths apart: the read model does not see it yet,
 * the database query does.
 */
@ExtendWith(VertxExtension.class)
class CatalogMemoryLimitTest {

    private static final Caller ADMIN = Caller.system("limit-test");
    private static final JsonObject LISTING = new JsonObject().put("category", "limited");

    @Test
    @DisplayName("a catalog growing past the limit switches to database reads, and a node starting above it uses them")
    void readsFallBackAboveTheLimit(Vertx vertx, VertxTestContext ctx) {
        TestPlatform.builder()
                .verticle(ProductsVerticle::new)
                .config(ConfigKeys.CATALOG_MEMORY_LIMIT, 3)
                .config(ConfigKeys.CATALOG_SYNC_MS, 3_600_000)
                .start(vertx)
                .compose(platform -> create(platform, "one")
                        .compose(ignored -> create(platform, "two"))
                        .compose(ignored -> create(platform, "three"))
                        .compose(ignored -> insertSilently(platform, "silent one"))
                        .compose(ignored -> total(platform))
                        .compose(inMemory -> {
                            ctx.verify(() -> assertThat(inMemory).as("three in memory, the silent one unseen")
                                    .isEqualTo(3));
                            return create(platform, "four");
                        })
                        .compose(ignored -> total(platform))
                        .compose(fromDatabase -> {
                            ctx.verify(() -> assertThat(fromDatabase).as("past the limit: the database answers")
                                    .isEqualTo(5));
                            return platform.undeployAll().compose(ignored -> platform.deployAll());
                        })
                        .compose(ignored -> insertSilently(platform, "silent two"))
                        .compose(ignored -> total(platform))
                        .compose(afterRestart -> {
                            ctx.verify(() -> assertThat(afterRestart).as("started above the limit").isEqualTo(6));
                            return platform.bus(Services.PRODUCTS, Actions.Products.LIST_CATEGORIES,
                                    new JsonObject(), ADMIN);
                        })
                        .map(categories -> {
                            ctx.verify(() -> assertThat(categories.getJsonArray("items").stream()
                                    .map(JsonObject.class::cast)
                                    .filter(category -> category.getString("name").equals("limited"))
                                    .findFirst().orElseThrow().getInteger("product_count")).isEqualTo(6));
                            return categories;
                        })
                        .eventually(platform::close))
                .onComplete(ctx.succeedingThenComplete());
    }

    private static Future<JsonObject> create(TestPlatform platform, String name) {
        return platform.bus(Services.PRODUCTS, Actions.Products.CREATE, new JsonObject().put("name", name)
                .put("price", new BigDecimal("2.00")).put("stock", 1).put("category", "limited"), ADMIN);
    }

    private static Future<Void> insertSilently(TestPlatform platform, String name) {
        Instant now = Instant.now();
        Product product = new Product(new ObjectId().toHexString(), name, "", Money.of("2.00"), "limited", 1, 0,
                "system", null, false, now, now, 1);
        return platform.mongo().insert(ProductRepository.COLLECTION, product.toDocument()).mapEmpty();
    }

    private static Future<Long> total(TestPlatform platform) {
        return platform.bus(Services.PRODUCTS, Actions.Products.LIST, LISTING, ADMIN)
                .map(listing -> listing.getLong("total"));
    }
}
