package io.marketplace.orders;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonObject;

/** The optional shipping address of a checkout: a text line or an object of text fields, as clients send it. */
final class ShippingAddress {

    private static final int MAX_TEXT = 500;
    private static final int MAX_FIELDS = 20;

    private ShippingAddress() {
    }

    static Object read(JsonObject body) {
        Object value = body.getValue("shipping_address");
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            if (text.length() > MAX_TEXT) {
                throw ServiceException.invalidField("shipping_address", "'shipping_address' is too long");
            }
            return text.strip();
        }
        if (value instanceof JsonObject object && object.size() <= MAX_FIELDS
                && object.stream().allMatch(field -> field.getValue() == null
                || (field.getValue() instanceof String s && s.length() <= MAX_TEXT))) {
            return object;
        }
        throw ServiceException.invalidField("shipping_address",
                "'shipping_address' must be text or an object of at most 20 text fields");
    }
}
