package io.marketplace.auth;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.Input;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validation of what people type: emails are trimmed and lower-cased; passwords follow NIST SP 800-63B (length only,
 * no composition rules), so the seed's {@code password123} is accepted.
 */
final class Credentials {

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private Credentials() {
    }

    static String email(JsonObject body, String field) {
        String raw = Input.optionalString(body, field, 320);
        String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw ServiceException.invalidField(field, email.isEmpty() ? "required" : "invalid_format",
                    "'" + field + "' must be a valid email address");
        }
        return email;
    }

    static String newPassword(JsonObject body, String field) {
        String password = Input.optionalString(body, field, MAX_PASSWORD);
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ServiceException.invalidField(field, password == null ? "required" : "too_short",
                    "'" + field + "' must be at least " + MIN_PASSWORD + " characters");
        }
        if (!fitsBcrypt(password)) {
            throw ServiceException.invalidField(field, "too_long", "'" + field + "' must be at most " + MAX_PASSWORD_BYTES
                    + " bytes in UTF-8");
        }
        return password;
    }

    /** A longer password can never match a stored hash: it was refused at registration. */
    static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    /** A password presented for checking: any string up to the maximum length. */
    static String presentedPassword(JsonObject body, String field) {
        String password = Input.optionalString(body, field, MAX_PASSWORD);
        if (password == null || password.isEmpty()) {
            throw ServiceException.invalidField(field, "required", "'" + field + "' is required");
        }
        return password;
    }
}
