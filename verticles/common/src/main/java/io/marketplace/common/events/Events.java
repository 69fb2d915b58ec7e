package io.marketplace.common.events;

/** Event addresses ({@code marketplace.events.<service>}) and the event types each service publishes. */
public final class Events {

    private Events() {
    }

    public static String address(String service) {
        return "marketplace.events." + service;
    }

    /** Published by products on {@code marketplace.events.products}; {@code data} is the product (or category). */
    public static final class Products {
        public static final String CREATED = "product.created";
        public static final String UPDATED = "product.updated";
        public static final String DELETED = "product.deleted";
        public static final String STOCK_CHANGED = "product.stock_changed";
        public static final String CATEGORY_CREATED = "category.created";

        private Products() {
        }
    }

    /** Published by auth on {@code marketplace.events.auth}; {@code data} is {@code {token_id, expires_at}}. */
    public static final class Auth {
        /** An access token revoked by logout until {@code expires_at} (epoch seconds), its own expiry. */
        public static final String TOKEN_REVOKED = "token.revoked";

        private Auth() {
        }
    }
}
