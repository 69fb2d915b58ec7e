package io.marketplace.payments;

import io.vertx.core.json.JsonObject;

/** Keeps the only card data we store: the last four digits, when the client sent a number. */
final class CardDigits {

    private CardDigits() {
    }

    static String lastFour(JsonObject card) {
        if (card == null) {
            return null;
        }
        Object number = card.getValue("number", card.getValue("card_number"));
        if (number == null) {
            return null;
        }
        String digits = number.toString().replaceAll("\\D", "");
        return digits.length() < 4 ? null : digits.substring(digits.length() - 4);
    }
}
