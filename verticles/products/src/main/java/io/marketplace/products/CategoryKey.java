package io.marketplace.products;

import java.util.Locale;

/** Categories compare case-insensitively: "Books" and "books " are one category. */
final class CategoryKey {

    private CategoryKey() {
    }

    static String of(String category) {
        return category == null ? null : category.strip().toLowerCase(Locale.ROOT);
    }
}
