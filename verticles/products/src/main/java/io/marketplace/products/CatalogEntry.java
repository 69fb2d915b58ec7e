package io.marketplace.products;

import java.util.Objects;

/**
 * One product held by the read model, with what its queries need precomputed: the category key and the case-folded
 * name and description for search. The sorted views hold entries, so a change that keeps a product's place (stock,
 * description, image) is applied in place without re-sorting.
 */
final class CatalogEntry {

    private Product product;
    private String categoryKey;
    private String foldedName;
    private String foldedDescription;

    CatalogEntry(Product product) {
        replace(product);
    }

    Product product() {
        return product;
    }

    String categoryKey() {
        return categoryKey;
    }

    boolean contains(String foldedNeedle) {
        return foldedName.contains(foldedNeedle) || foldedDescription.contains(foldedNeedle);
    }

    /** True when the change moves the product in some listing order, in or out of the catalog, or across categories. */
    boolean reshapes(Product next) {
        return product.deleted() != next.deleted()
                || product.price().cents() != next.price().cents()
                || !product.name().equals(next.name())
                || !product.createdAt().equals(next.createdAt())
                || !Objects.equals(product.category(), next.category());
    }

    void replace(Product next) {
        if (product == null || !product.name().equals(next.name())) {
            foldedName = SearchText.fold(next.name());
        }
        if (product == null || !product.description().equals(next.description())) {
            foldedDescription = SearchText.fold(next.description() == null ? "" : next.description());
        }
        if (product == null || !Objects.equals(product.category(), next.category())) {
            categoryKey = CategoryKey.of(next.category());
        }
        product = next;
    }
}
