package io.marketplace.products;

import org.junit.jupiter.api.DisplayName;

/** The catalog's HTTP conventions again with CATALOG_MEMORY_LIMIT=0: reads go to the database's queries. */
@DisplayName("Catalog HTTP conventions with the read model off (database queries)")
class CatalogHttpFromDatabaseTest extends CatalogHttpTest {

    @Override
    protected Object catalogMemoryLimit() {
        return 0;
    }
}
