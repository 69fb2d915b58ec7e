package io.marketplace.orders;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.StrictText;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The optional shipping address of a checkout: a text line, or an object whose fields come from a fixed list
 * ({@link #FIELDS}), each text or null. Invariant: no key the client chose is stored on an order unless it is one
 * of these names, so nothing a client sends can become an operator, a path or an unbounded document.
 */
final class ShippingAddress {

    static final List<String> FIELDS = List.of("name", "street", "street2", "city", "state", "postal_code",
            "country", "phone");

    private static final int MAX_TEXT = 500;
    private static final String FIELD = "shipping_address";

    private ShippingAddress() {
    }

    static Object read(JsonObject body) {
        Object value = body.getValue(FIELD);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return checkedText(text, FIELD).strip();
        }
        if (!(value instanceof JsonObject object)) {
            throw ServiceException.invalidField(FIELD, "'" + FIELD + "' must be text or an object with the fields "
                    + String.join(", ", FIELDS));
        }
        JsonObject address = new JsonObject();
        for (String key : object.fieldNames()) {
            String field = FIELD + "." + key;
            if (!FIELDS.contains(key)) {
                throw ServiceException.invalidField(field, "'" + FIELD + "' takes only the fields "
                        + String.join(", ", FIELDS));
            }
            Object part = object.getValue(key);
            if (part != null && !(part instanceof String)) {
                throw ServiceException.invalidField(field, "'" + field + "' must be text");
            }
            address.put(key, part == null ? null : checkedText((String) part, field));
        }
        return address;
    }

    private static String checkedText(String text, String field) {
        if (text.length() > MAX_TEXT) {
            throw ServiceException.invalidField(field, "'" + field + "' must be at most " + MAX_TEXT + " characters");
        }
        return StrictText.checkValue(text, field);
    }
}
