package io.marketplace.auth;

import io.marketplace.common.json.FieldErrors;
import io.marketplace.common.json.Timestamps;
import io.marketplace.common.metrics.DomainMetrics;
import io.marketplace.common.auth.RevokedTokens;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Set;

/** Accounts and sessions: register, login, profile, refresh-token rotation and logout. */
public class AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final String BAD_CREDENTIALS = "Incorrect email or password";
    static final String CURRENT_PASSWORD = "current_password";

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final RevokedTokens revokedTokens;

    public AuthService(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
                       TokenIssuer tokens, RevokedTokens revokedTokens) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.tokens = tokens;
        this.revokedTokens = revokedTokens;
    }

    public Future<JsonObject> register(JsonObject body, Caller caller) {
        FieldErrors errors = new FieldErrors();
        String email = errors.check(() -> Credentials.email(body, "email"));
        String password = errors.check(() -> Credentials.newPassword(body, "password"));
        String fullName = errors.check(() -> Input.optionalString(body, "full_name", 200));
        String requested = errors.check(() -> Input.optionalString(body, "role", 20));
        String role = requested == null || requested.isBlank() ? Caller.ROLE_USER : requested.strip().toLowerCase();
        if (Caller.ROLE_ADMIN.equals(role)) {
            throw new ServiceException(403, "admin_registration_forbidden",
                    "Administrators cannot register themselves");
        }
        if (!Caller.ROLE_USER.equals(role) && !Caller.ROLE_VENDOR.equals(role)) {
            errors.add("role", "not_allowed", "'role' must be 'user' or 'vendor'");
        }
        errors.throwIfAny();
        return create(email, password, fullName == null ? "" : fullName.strip(), role)
                .onSuccess(created -> DomainMetrics.userRegistered(created.role()))
                .map(User::toJson);
    }

    /** Creates the configured admin unless an account with that email exists; safe when nodes start together. */
    public Future<Void> ensureAdmin(String email, String password) {
        if (email == null || password == null) {
            return Future.succeededFuture();
        }
        String normalised = email.strip().toLowerCase();
        return users.findByEmail(normalised).compose(existing -> existing != null
                ? Future.<Void>succeededFuture()
                : create(normalised, password, "Administrator", Caller.ROLE_ADMIN)
                        .<Void>mapEmpty()
                        .onSuccess(ignored -> LOG.info("Created admin account {}", normalised))
                        .recover(failure -> failure instanceof ServiceException e && e.status() == 409
                                ? Future.succeededFuture()
                                : Future.failedFuture(failure)));
    }

    private Future<User> create(String email, String password, String fullName, String role) {
        return hasher.hash(password).compose(hash -> {
            Instant now = Timestamps.now();
            return users.insert(new User(new ObjectId().toHexString(), email, fullName, role, hash, true, now, now));
        });
    }

    /** Accepts the OAuth2 password form ({@code username}) and JSON ({@code email}). */
    public Future<JsonObject> login(JsonObject body, Caller caller) {
        String field = body.containsKey("username") ? "username" : "email";
        FieldErrors errors = new FieldErrors();
        String email = errors.check(() -> Input.requiredString(body, field, 1, 320));
        String password = errors.check(() -> Credentials.presentedPassword(body, "password"));
        errors.throwIfAny();
        return users.findByEmail(email.strip().toLowerCase())
                .compose(user -> hasher.verify(password, user == null ? null : user.passwordHash())
                        .compose(matches -> {
                            if (!matches || !user.active()) {
                                return Future.failedFuture(
                                        new ServiceException(401, "invalid_credentials", BAD_CREDENTIALS));
                            }
                            return tokens.newSession(user);
                        }));
    }

    public Future<JsonObject> me(JsonObject body, Caller caller) {
        Input.requireOnly(body, Set.of());
        return requireUser(caller.requireUserId()).map(User::toJson);
    }

    /** Changes the display name and/or the password; a new password needs the current one. */
    public Future<JsonObject> updateMe(JsonObject body, Caller caller) {
        String userId = caller.requireUserId();
        String fullName = Input.optionalString(body, "full_name", 200);
        String newPassword = body.containsKey("new_password") ? Credentials.newPassword(body, "new_password")
                : body.containsKey("password") ? Credentials.newPassword(body, "password") : null;
        if (fullName == null && newPassword == null) {
            throw ServiceException.badRequest("Nothing to update: send 'full_name' and/or 'new_password'");
        }
        return requireUser(userId).compose(user -> {
            JsonObject fields = new JsonObject();
            if (fullName != null) {
                fields.put("full_name", fullName.strip());
            }
            if (newPassword == null) {
                return users.updateFields(userId, fields);
            }
            String current = Credentials.presentedPassword(currentPasswordField(body), CURRENT_PASSWORD);
            return hasher.verify(current, user.passwordHash()).compose(matches -> matches
                    ? hasher.hash(newPassword).compose(hash -> users.updateFields(userId,
                            fields.put("password_hash", hash)))
                    : Future.failedFuture(wrongCurrentPassword()));
        }).compose(ignored -> requireUser(userId)).map(User::toJson);
    }

    /** The documented {@code current_password}; the seed's clients send {@code old_password}, read as the same. */
    private static JsonObject currentPasswordField(JsonObject body) {
        Object current = body.containsKey(CURRENT_PASSWORD) ? body.getValue(CURRENT_PASSWORD)
                : body.getValue("old_password");
        return new JsonObject().put(CURRENT_PASSWORD, current);
    }

    /**
     * A 400, not a 401: the session is fine, only a field is wrong, and clients treat a 401 as "log in again".
     */
    private static ServiceException wrongCurrentPassword() {
        return ServiceException.invalidField(CURRENT_PASSWORD, "incorrect", "The current password is incorrect",
                "current_password_incorrect");
    }

    /** Rotates the refresh token; presenting one that was already rotated revokes its whole family. */
    public Future<JsonObject> refresh(JsonObject body, Caller caller) {
        String token = Input.requiredString(body, "refresh_token", 1, 200);
        return refreshTokens.claim(token).compose(claimed -> {
            if (claimed == null) {
                return refreshTokens.find(token).compose(stored -> {
                    if (stored != null && stored.getBoolean("used", false)) {
                        LOG.warn("Refresh token reuse for user {}: revoking its session", stored.getString("user_id"));
                        return refreshTokens.revokeFamily(stored.getString("family_id"))
                                .compose(ignored -> Future.failedFuture(new ServiceException(401,
                                        "refresh_token_reused", "Refresh token already used; session revoked")));
                    }
                    return Future.failedFuture(invalidRefresh());
                });
            }
            if (claimed.getLong("expires_at", 0L) < System.currentTimeMillis()) {
                return Future.failedFuture(invalidRefresh());
            }
            return requireUser(claimed.getString("user_id"))
                    .compose(user -> tokens.pair(user, claimed.getString("family_id")));
        });
    }

    /** Revokes the session's refresh tokens and the presented access token until it would have expired. */
    public Future<JsonObject> logout(JsonObject body, Caller caller) {
        caller.requireUserId();
        String refreshToken = Input.optionalString(body, "refresh_token", 200);
        Future<Void> explicitFamily = refreshToken == null ? Future.succeededFuture()
                : refreshTokens.find(refreshToken).compose(stored -> stored != null
                        && caller.userId().equals(stored.getString("user_id"))
                        ? refreshTokens.revokeFamily(stored.getString("family_id"))
                        : Future.succeededFuture());
        return Future.all(
                        explicitFamily,
                        refreshTokens.revokeFamily(caller.sessionId()),
                        caller.tokenId() == null ? Future.succeededFuture()
                                : revokedTokens.revoke(caller.tokenId(), caller.tokenExpiresAt()))
                .map(ignored -> new JsonObject().put("message", "Logged out"));
    }

    public Future<JsonObject> verify(JsonObject body, Caller caller) {
        Input.requireOnly(body, Set.of());
        return Future.succeededFuture(new JsonObject()
                .put("valid", true)
                .put("user_id", caller.requireUserId())
                .put("email", caller.email())
                .put("roles", new JsonArray(caller.roles().stream().sorted().toList()))
                .put("expires_at", Timestamps.format(Instant.ofEpochSecond(caller.tokenExpiresAt()))));
    }

    /** Admins read any account, a user their own (the {@code Location} a registration answers with). */
    public Future<JsonObject> getUser(JsonObject body, Caller caller) {
        Input.requireOnly(body, Set.of(), "id");
        String id = Input.requiredString(body, "id", 1, 100);
        if (!id.equals(caller.requireUserId())) {
            caller.requireAnyRole(Caller.ROLE_ADMIN);
        }
        return requireUser(id).map(User::toJson);
    }

    private Future<User> requireUser(String id) {
        return users.findById(id).compose(user -> user == null
                ? Future.failedFuture(ServiceException.notFound("User not found"))
                : Future.succeededFuture(user));
    }

    private static ServiceException invalidRefresh() {
        return new ServiceException(401, "invalid_refresh_token", "Refresh token is invalid or expired");
    }
}
