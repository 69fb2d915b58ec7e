package io.marketplace.products;

import io.marketplace.common.config.AppConfig;

/**
 * How many products the read model may hold. Measured ({@code CatalogMemoryMeasurement}): 610 bytes of heap per
 * product of the benchmark's shape (a 20-character name, a 60-character description), every sorted view and the
 * folded search text included. {@code CATALOG_MEMORY_LIMIT=auto} gives the model a quarter of the maximum heap,
 * counting {@value #BYTES_PER_PRODUCT} bytes per product to leave room for longer texts.
 */
final class CatalogMemory {

    static final int BYTES_PER_PRODUCT = 1_000;
    static final double HEAP_SHARE = 0.25;

    private CatalogMemory() {
    }

    static int limit(AppConfig config) {
        Integer configured = config.catalogMemoryLimit();
        if (configured != null) {
            return configured;
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE)
                / BYTES_PER_PRODUCT);
    }
}
