package io.marketplace.testkit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates accounts through the gateway's HTTP API, as a client would, and hands back their tokens. */
public final class Users {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final TestPlatform platform;

    Users(TestPlatform platform) {
        this.platform = platform;
    }

    /** A fresh, unique email address. */
    public static String uniqueEmail(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com";
    }

    /** Registers a new account with the role ({@code user} or {@code vendor}) and returns the logged-in session. */
    public Future<Session> create(String role) {
        String email = uniqueEmail(role);
        JsonObject registration = new JsonObject()
                .put("email", email)
                .put("password", TestPlatform.PASSWORD)
                .put("full_name", "Test " + role)
                .put("role", role);
        return platform.http().post("/api/auth/register").sendJsonObject(registration)
                .compose(response -> response.statusCode() == 201
                        ? Future.succeededFuture(response.bodyAsJsonObject())
                        : Future.failedFuture("register failed: " + response.statusCode() + " " + response.bodyAsString()))
                .compose(user -> login(email, TestPlatform.PASSWORD)
                        .map(tokens -> new Session(user.getString("id"), email, tokens.getString("access_token"),
                                tokens.getString("refresh_token"))));
    }

    public Future<Session> user() {
        return create("user");
    }

    public Future<Session> vendor() {
        return create("vendor");
    }

    /** The admin the platform creates on start from its configuration. */
    public Future<Session> admin() {
        return login(TestPlatform.ADMIN_EMAIL, TestPlatform.ADMIN_PASSWORD)
                .compose(tokens -> platform.http().get("/api/auth/users/me")
                        .bearerTokenAuthentication(tokens.getString("access_token")).send()
                        .map(me -> new Session(me.bodyAsJsonObject().getString("id"), TestPlatform.ADMIN_EMAIL,
                                tokens.getString("access_token"), tokens.getString("refresh_token"))));
    }

    /** Logs in with JSON credentials and returns the token response. */
    public Future<JsonObject> login(String email, String password) {
        return platform.http().post("/api/auth/login")
                .sendJsonObject(new JsonObject().put("email", email).put("password", password))
                .compose(response -> response.statusCode() == 200
                        ? Future.succeededFuture(response.bodyAsJsonObject())
                        : Future.failedFuture("login failed: " + response.statusCode() + " " + response.bodyAsString()));
    }

    /** A logged-in account. */
    public record Session(String userId, String email, String accessToken, String refreshToken) {
    }
}
