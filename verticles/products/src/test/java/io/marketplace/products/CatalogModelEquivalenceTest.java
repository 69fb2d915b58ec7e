package io.marketplace.products;

import io.marketplace.common.money.Money;
import io.marketplace.testkit.InMemoryMongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read model answers every listing exactly as the database query does: the same random catalog (ties in price,
 * name and creation time, deleted products, regex characters in text) is asked the same random queries both ways,
 * and the answers must be equal, items, order and total.
 */
@ExtendWith(VertxExtension.class)
class CatalogModelEquivalenceTest {

    private static final String[] WORDS = {"red", "Blue", "STEEL", "wood", "a.b", "(x)", "c++", "50%", "x|y",
            "tea-pot", "back\\slash", "[set]", "^hat", "dollar$", "Q?", "star*"};
    private static final String[] CATEGORIES = {"Books", "books ", "Toys", "Garden", "general"};
    private static final String[] VENDORS = {"v1", "v2", "v3"};

    private static InMemoryMongo server;
    private static MongoClient mongo;
    private static ProductRepository products;
    private static CatalogModel model;
    private static List<Product> catalog;

    @BeforeAll
    static void seed(Vertx vertx, VertxTestContext ctx) {
        server = InMemoryMongo.start();
        mongo = InMemoryMongo.freshDatabase(vertx, server.connectionString(), "equivalence");
        products = new ProductRepository(mongo);
        Random random = new Random(7);
        catalog = new ArrayList<>();
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 300; i++) {
            String name = word(random) + " " + word(random) + (random.nextInt(4) == 0 ? "" : " " + i);
            Instant created = base.plusSeconds(random.nextInt(60));
            catalog.add(new Product(new ObjectId().toHexString(), name, "About " + word(random) + " " + word(random),
                    Money.ofCents(100 + random.nextInt(20) * 50), CATEGORIES[random.nextInt(CATEGORIES.length)],
                    random.nextInt(3) == 0 ? 0 : random.nextInt(20), 0, VENDORS[random.nextInt(VENDORS.length)],
                    null, random.nextInt(10) == 0, created, created, 1));
        }
        Future<Void> chain = products.createIndexes();
        for (Product product : catalog) {
            chain = chain.compose(ignored -> products.insert(product).mapEmpty());
        }
        chain.compose(ignored -> products.all()).onComplete(ctx.succeeding(all -> {
            model = new CatalogModel();
            all.forEach(model::apply);
            ctx.completeNow();
        }));
    }

    @AfterAll
    static void stop(VertxTestContext ctx) {
        mongo.close().onComplete(ignored -> {
            server.stop();
            ctx.completeNow();
        });
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    @Test
    @DisplayName("400 random listings (filters, search, sorts, pages, and the page their next cursor gives) are "
            + "answered identically by memory and database")
    void sameAnswersBothWays(Vertx vertx, VertxTestContext ctx) {
        Random random = new Random(11);
        List<JsonObject> queries = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            queries.add(randomQuery(random));
        }
        Future<Void> chain = Future.succeededFuture();
        for (JsonObject params : queries) {
            chain = chain.compose(ignored -> sameAnswer(ctx, params)).compose(first -> {
                String next = first.getString("next");
                if (next == null) {
                    return Future.succeededFuture();
                }
                JsonObject following = params.copy().put("cursor", next);
                following.remove("skip");
                return sameAnswer(ctx, following).mapEmpty();
            });
        }
        chain.onComplete(ctx.succeedingThenComplete());
    }

    private Future<JsonObject> sameAnswer(VertxTestContext ctx, JsonObject params) {
        ProductQuery query = ProductQuery.from(params);
        return Future.all(products.list(query), products.count(query.filter())).map(all -> {
            JsonObject fromDatabase = query.page().listing(all.<List<Product>>resultAt(0), all.<Long>resultAt(1),
                    Product::toJson, query.sort()::keyOf);
            ctx.verify(() -> assertThat(model.list(query)).as("query %s", params).isEqualTo(fromDatabase));
            return fromDatabase;
        });
    }

    @Test
    @DisplayName("the catalog's categories and their counts are the same from memory and from the database")
    void sameCategories(Vertx vertx, VertxTestContext ctx) {
        CatalogService fromDatabase = new CatalogService(products, new CategoryRepository(mongo),
                new CatalogReadModel(vertx, products, new CategoryRepository(mongo), 0, 60_000));
        fromDatabase.listCategories(new JsonObject(), null).onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
            assertThat(model.categories().getJsonArray("items")).isEqualTo(answer.getJsonArray("items"));
            assertThat(answer.getLong("total")).isEqualTo(model.categories().getLong("total"));
            assertThat(answer.getJsonArray("items")).isNotEmpty();
            ctx.completeNow();
        })));
    }

    private static JsonObject randomQuery(Random random) {
        JsonObject params = new JsonObject();
        String[] sorts = {"price", "-price", "name", "-name", "created_at", "-created_at"};
        if (random.nextBoolean()) {
            params.put("sort", sorts[random.nextInt(sorts.length)]);
        }
        if (random.nextInt(3) == 0) {
            String word = word(random);
            int from = random.nextInt(word.length());
            String part = word.substring(from, from + 1 + random.nextInt(word.length() - from));
            params.put("search", random.nextBoolean() ? part.toUpperCase() : part);
        }
        if (random.nextInt(4) == 0) {
            params.put("category", CATEGORIES[random.nextInt(CATEGORIES.length)].toUpperCase());
        }
        if (random.nextInt(4) == 0) {
            params.put("vendor_id", VENDORS[random.nextInt(VENDORS.length)]);
        }
        if (random.nextInt(4) == 0) {
            params.put("min_price", String.valueOf(1 + random.nextInt(6)));
        }
        if (random.nextInt(4) == 0) {
            params.put("max_price", String.valueOf(6 + random.nextInt(6)));
        }
        if (random.nextInt(4) == 0) {
            params.put("in_stock", String.valueOf(random.nextBoolean()));
        }
        params.put("limit", String.valueOf(1 + random.nextInt(40)));
        if (random.nextBoolean()) {
            params.put("skip", String.valueOf(random.nextInt(120)));
        }
        return params;
    }
}
