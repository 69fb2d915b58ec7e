package io.marketplace.products;

import org.junit.jupiter.api.DisplayName;

/** Every catalog API test again with CATALOG_MEMORY_LIMIT=0: reads go to the database's indexed queries. */
@DisplayName("Catalog API with the read model off (database queries)")
class CatalogFromDatabaseApiTest extends CatalogApiTest {

    @Override
    protected Object catalogMemoryLimit() {
        return 0;
    }
}
