package io.marketplace.common.bus;

/** Every action name on the bus, grouped by the service that answers it. */
public final class Actions {

    private Actions() {
    }

    public static final class Auth {
        public static final String REGISTER = "register";
        public static final String LOGIN = "login";
        public static final String ME = "me";
        public static final String UPDATE_ME = "update_me";
        public static final String REFRESH = "refresh";
        public static final String LOGOUT = "logout";
        public static final String VERIFY = "verify";
        public static final String GET_USER = "get_user";

        private Auth() {
        }
    }

    public static final class Products {
        public static final String LIST = "list";
        public static final String GET = "get";
        public static final String CREATE = "create";
        public static final String UPDATE = "update";
        public static final String DELETE = "delete";
        public static final String ADJUST_STOCK = "adjust_stock";
        public static final String LIST_CATEGORIES = "list_categories";
        public static final String GET_CATEGORY = "get_category";
        public static final String CREATE_CATEGORY = "create_category";
        /** Bus only: {@code {order_id, lines: [{product_id, quantity}]}}. */
        public static final String RESERVE = "reserve";
        /** Bus only: {@code {order_id}}. */
        public static final String RELEASE = "release";
        /** Bus only: {@code {order_id}}; the reservation becomes a sale. */
        public static final String COMMIT = "commit";
        /** Bus only: {@code {older_than_ms}}; open reservations for the recovery pass. */
        public static final String OPEN_RESERVATIONS = "open_reservations";
        /** Bus only: {@code {order_id, lines: [{product_id, quantity}]}}; a cancelled sale's units back, once. */
        public static final String RESTOCK = "restock";

        private Products() {
        }
    }

    public static final class Orders {
        public static final String GET_CART = "get_cart";
        public static final String ADD_CART_ITEM = "add_cart_item";
        public static final String UPDATE_CART_ITEM = "update_cart_item";
        public static final String REMOVE_CART_ITEM = "remove_cart_item";
        public static final String CLEAR_CART = "clear_cart";
        public static final String CHECKOUT = "checkout";
        public static final String LIST = "list";
        /** Orders with a line the calling vendor sells; every order for an admin. */
        public static final String LIST_SOLD = "list_sold";
        public static final String GET = "get";
        public static final String CANCEL = "cancel";
        public static final String UPDATE_STATUS = "update_status";
        /** Bus only: {@code {order_id, payment_id}}, idempotent. */
        public static final String MARK_PAID = "mark_paid";
        /** Bus only: runs the recovery and expiry pass once (operators, tests). */
        public static final String RECOVER = "recover";

        private Orders() {
        }
    }

    public static final class Payments {
        public static final String PROCESS = "process";
        public static final String LIST_MINE = "list_mine";
        public static final String GET = "get";
        public static final String BY_ORDER = "by_order";
        /** Bus only: {@code {order_id}}, idempotent per order. */
        public static final String REFUND = "refund";

        private Payments() {
        }
    }

    /** Answered on {@code marketplace.recommendations} by a bridge client (docs/bus.md, TCP bridge). */
    public static final class Recommendations {
        /** {@code {id, limit}} → {@code {items: [{product_id, score}]}}: products bought together with {@code id}. */
        public static final String RECOMMEND = "recommend";

        private Recommendations() {
        }
    }
}
