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

    /**
     * Published by orders on {@code marketplace.events.orders}, one per state change; {@code data} is the order as
     * the API shows it (with its {@code user_id}).
     */
    public static final class Orders {
        /** Checkout finished: the order's stock is reserved and it awaits payment. */
        public static final String CREATED = "order.created";
        public static final String PAID = "order.paid";
        public static final String CANCELLED = "order.cancelled";
        public static final String SHIPPED = "order.shipped";
        public static final String DELIVERED = "order.delivered";
        public static final String EXPIRED = "order.expired";
        /** Checkout could not reserve the stock (or was interrupted); nothing stays reserved. */
        public static final String FAILED = "order.failed";

        private Orders() {
        }
    }

    /**
     * Published by payments on {@code marketplace.events.payments}; {@code data} is the transaction (a charge or a
     * refund) as the API shows it, with its {@code user_id} and {@code order_id}.
     */
    public static final class Payments {
        public static final String SUCCEEDED = "payment.succeeded";
        public static final String FAILED = "payment.failed";
        public static final String REFUNDED = "payment.refunded";

        private Payments() {
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
