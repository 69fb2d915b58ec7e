package io.marketplace.products;

/**
 * Case folding for the catalog's literal search: one char at a time, upper-casing then lower-casing (as a
 * case-insensitive Unicode regex compares characters), so folded text keeps its length and a folded needle is
 * found in folded text exactly where the database's case-insensitive literal pattern matches.
 */
final class SearchText {

    private SearchText() {
    }

    static String fold(String text) {
        if (text == null) {
            return null;
        }
        char[] folded = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char f = Character.toLowerCase(Character.toUpperCase(c));
            if (f != c) {
                if (folded == null) {
                    folded = text.toCharArray();
                }
                folded[i] = f;
            }
        }
        return folded == null ? text : new String(folded);
    }
}
