package io.marketplace.payments;

import io.vertx.core.json.JsonObject;

/**
 * Reads the card number a client sent ({@code number}, or the seed's {@code card_number}). The last four digits are
 * the only card data we store; the whole number lives only as long as the charge attempt.
 */
final class CardDigits {

    private CardDigits() {
    }

    static String lastFour(JsonObject card) {
        String digits = number(card);
        return digits == null || digits.length() < 4 ? null : digits.substring(digits.length() - 4);
    }

    /** The number's digits (spaces and dashes dropped), or null when the client sent none. */
    static String number(JsonObject card) {
        if (card == null) {
            return null;
        }
        Object number = card.getValue("number", card.getValue("card_number"));
        return number == null ? null : number.toString().replaceAll("\\D", "");
    }
}
