package io.marketplace.products;

import io.marketplace.common.json.Page;
import io.marketplace.common.money.Money;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manual measurement behind {@code -Dcatalog.measure=true}: the heap a read model of 100,000 products of the
 * benchmark's shape takes, every sorted view built, to size CATALOG_MEMORY_LIMIT ({@link CatalogMemory}).
 */
@EnabledIfSystemProperty(named = "catalog.measure", matches = "true")
class CatalogMemoryMeasurement {

    @Test
    @DisplayName("bytes of heap per product held by the read model")
    void bytesPerProduct() {
        int count = 100_000;
        long before = usedHeap();
        CatalogModel model = new CatalogModel();
        Random random = new Random(1);
        String vendor = new ObjectId().toHexString();
        String[] words = {"red", "blue", "steel", "wooden", "smart", "classic", "mini", "pro", "eco", "deluxe"};
        String[] categories = {"Books", "Electronics", "Garden", "Toys", "Music", "Sports", "Kitchen", "Office"};
        for (int i = 0; i < count; i++) {
            Instant created = Instant.now().plusMillis(i);
            model.apply(new Product(new ObjectId().toHexString(),
                    words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " item " + i,
                    "A " + words[random.nextInt(words.length)] + " product number " + i
                            + " for everyday use, made to last.",
                    Money.ofCents(100 + random.nextInt(50_000)), categories[random.nextInt(categories.length)],
                    random.nextInt(1000), 0, vendor, null, false, created, created, 1));
        }
        for (ProductQuery.Sort sort : ProductQuery.Sort.values()) {
            model.list(new ProductQuery(null, null, null, null, null, null, sort, new Page(0, 20)));
        }
        model.list(new ProductQuery("blue", null, null, null, null, null, ProductQuery.Sort.NAME, new Page(0, 20)));
        model.categories();
        long after = usedHeap();
        long perProduct = (after - before) / count;
        System.out.printf("catalog read model: %d products, %.1f MB, %d bytes per product%n", model.size(),
                (after - before) / 1e6, perProduct);
        assertThat(model.list(new ProductQuery(null, null, null, null, null, null, ProductQuery.Sort.PRICE,
                new Page(0, 1))).getLong("total")).isEqualTo(count);
        assertThat(perProduct).isPositive();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
