package io.marketplace.auth;

import io.marketplace.common.auth.Jwt;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The auth API as a client sees it: through the gateway over HTTP, stored in MongoDB. */
@ExtendWith(VertxExtension.class)
class AuthApiTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(AuthVerticle::new)
            .verticle(GatewayVerticle::new));
    private static TestPlatform platform;

    private static JsonObject registration(String email, String password, String role) {
        return new JsonObject().put("email", email).put("password", password).put("full_name", "Test User")
                .put("role", role);
    }

    private static Future<HttpResponse<Buffer>> register(JsonObject body) {
        return platform.http().post("/api/auth/register").sendJsonObject(body);
    }

    private static Future<HttpResponse<Buffer>> me(String token) {
        return platform.http().get("/api/auth/users/me").bearerTokenAuthentication(token).send();
    }

    private static Future<HttpResponse<Buffer>> refresh(String refreshToken) {
        return platform.http().post("/api/auth/refresh")
                .sendJsonObject(new JsonObject().put("refresh_token", refreshToken));
    }

    @Test
    @DisplayName("the seed's journey works: register, log in with the form and with JSON, read my profile")
    void registerLoginMe(VertxTestContext ctx) {
        String email = Users.uniqueEmail("Seed").toUpperCase();
        register(registration(email, "password123", "user"))
                .compose(created -> {
                    ctx.verify(() -> {
                        assertThat(created.statusCode()).isEqualTo(201);
                        JsonObject user = created.bodyAsJsonObject();
                        assertThat(user.getString("email")).isEqualTo(email.toLowerCase());
                        assertThat(user.getString("role")).isEqualTo("user");
                        assertThat(user.getString("id")).isNotBlank();
                        assertThat(user.encode()).doesNotContain("password");
                    });
                    return platform.http().post("/api/auth/login").sendForm(MultiMap.caseInsensitiveMultiMap()
                            .add("username", email.toLowerCase()).add("password", "password123"));
                })
                .compose(formLogin -> {
                    ctx.verify(() -> {
                        assertThat(formLogin.statusCode()).isEqualTo(200);
                        JsonObject tokens = formLogin.bodyAsJsonObject();
                        assertThat(tokens.getString("token_type")).isEqualTo("bearer");
                        assertThat(tokens.getInteger("expires_in")).isEqualTo(30 * 60);
                        assertThat(tokens.getString("refresh_token")).isNotBlank();
                    });
                    return platform.http().post("/api/auth/login").sendJsonObject(new JsonObject()
                            .put("email", email).put("password", "password123"));
                })
                .compose(jsonLogin -> {
                    ctx.verify(() -> assertThat(jsonLogin.statusCode()).isEqualTo(200));
                    return me(jsonLogin.bodyAsJsonObject().getString("access_token"));
                })
                .onComplete(ctx.succeeding(profile -> ctx.verify(() -> {
                    assertThat(profile.statusCode()).isEqualTo(200);
                    assertThat(profile.bodyAsJsonObject().getString("email")).isEqualTo(email.toLowerCase());
                    assertThat(profile.bodyAsJsonObject().getString("full_name")).isEqualTo("Test User");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("the stored user holds a bcrypt hash, never the password")
    void storesBcryptHash(VertxTestContext ctx) {
        String email = Users.uniqueEmail("hash");
        register(registration(email, "password123", "vendor"))
                .compose(ignored -> platform.mongo().findOne("users", new JsonObject().put("email", email), null))
                .onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
                    assertThat(doc.getString("password_hash")).startsWith("$2").hasSizeGreaterThan(50);
                    assertThat(doc.encode()).doesNotContain("password123");
                    assertThat(doc.getString("role")).isEqualTo("vendor");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("invalid registrations are refused with 400 or 403 and store nothing")
    void invalidRegistrations(VertxTestContext ctx) {
        String email = Users.uniqueEmail("bad");
        Future.all(
                        register(registration("not-an-email", "password123", "user")),
                        register(registration(email, "short", "user")),
                        register(registration(email, "password123", "admin")),
                        register(registration(email, "password123", "superuser")),
                        register(new JsonObject().put("email", 42).put("password", "password123")),
                        register(registration(email, "p".repeat(73), "user")))
                .compose(all -> {
                    ctx.verify(() -> {
                        assertError(all.resultAt(0), 400, "validation_error");
                        assertThat(((HttpResponse<Buffer>) all.resultAt(0)).bodyAsJsonObject().getJsonObject("error")
                                .getJsonObject("details").getString("field")).isEqualTo("email");
                        assertError(all.resultAt(1), 400, "validation_error");
                        assertError(all.resultAt(2), 403, "admin_registration_forbidden");
                        assertError(all.resultAt(3), 400, "validation_error");
                        assertError(all.resultAt(4), 400, "validation_error");
                        assertError(all.resultAt(5), 400, "validation_error");
                    });
                    return platform.mongo().count("users", new JsonObject().put("email", email));
                })
                .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
                    assertThat(count).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a second registration with the same email, in any case, is a 409")
    void duplicateEmail(VertxTestContext ctx) {
        String email = Users.uniqueEmail("dup");
        register(registration(email, "password123", "user"))
                .compose(first -> register(registration(" " + email.toUpperCase() + " ", "password123", "user")))
                .compose(second -> {
                    ctx.verify(() -> assertError(second, 409, "email_taken"));
                    return platform.mongo().count("users", new JsonObject().put("email", email));
                })
                .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
                    assertThat(count).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a wrong password, an unknown email and an over-long password get the same 401 body")
    void loginFailuresLookAlike(VertxTestContext ctx) {
        String email = Users.uniqueEmail("login");
        register(registration(email, "password123", "user"))
                .compose(ignored -> Future.all(
                        platform.users().login(email, "wrong-password").transform(Future::succeededFuture),
                        platform.http().post("/api/auth/login").sendJsonObject(new JsonObject()
                                .put("email", email).put("password", "wrong-password")),
                        platform.http().post("/api/auth/login").sendJsonObject(new JsonObject()
                                .put("email", "nobody-" + UUID.randomUUID() + "@example.com")
                                .put("password", "wrong-password")),
                        platform.http().post("/api/auth/login").sendJsonObject(new JsonObject()
                                .put("email", email).put("password", "password123" + "x".repeat(100)))))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    HttpResponse<Buffer> wrongPassword = all.resultAt(1);
                    HttpResponse<Buffer> unknownUser = all.resultAt(2);
                    HttpResponse<Buffer> overlongPassword = all.resultAt(3);
                    assertError(wrongPassword, 401, "invalid_credentials");
                    assertThat(unknownUser.statusCode()).isEqualTo(401);
                    assertThat(unknownUser.bodyAsString()).isEqualTo(wrongPassword.bodyAsString());
                    assertThat(overlongPassword.bodyAsString()).isEqualTo(wrongPassword.bodyAsString());
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("refresh rotates the pair, and reusing a rotated refresh token revokes the whole session")
    void refreshRotation(VertxTestContext ctx) {
        platform.users().user()
                .compose(session -> refresh(session.refreshToken()).compose(first -> {
                    ctx.verify(() -> {
                        assertThat(first.statusCode()).isEqualTo(200);
                        assertThat(first.bodyAsJsonObject().getString("refresh_token"))
                                .isNotEqualTo(session.refreshToken());
                    });
                    String rotated = first.bodyAsJsonObject().getString("refresh_token");
                    return me(first.bodyAsJsonObject().getString("access_token"))
                            .compose(profile -> {
                                ctx.verify(() -> assertThat(profile.statusCode()).isEqualTo(200));
                                return refresh(session.refreshToken());
                            })
                            .compose(reuse -> {
                                ctx.verify(() -> assertError(reuse, 401, "refresh_token_reused"));
                                return refresh(rotated);
                            });
                }))
                .onComplete(ctx.succeeding(afterTheft -> ctx.verify(() -> {
                    assertError(afterTheft, 401, "invalid_refresh_token");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("after logout both the access token and the refresh token are refused")
    void logoutRevokesBoth(VertxTestContext ctx) {
        platform.users().user()
                .compose(session -> platform.http().post("/api/auth/logout")
                        .bearerTokenAuthentication(session.accessToken()).send()
                        .compose(logout -> {
                            ctx.verify(() -> assertThat(logout.statusCode()).isEqualTo(200));
                            return Future.all(me(session.accessToken()), refresh(session.refreshToken()));
                        }))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.resultAt(0), 401, "token_revoked");
                    assertError(all.resultAt(1), 401, "invalid_refresh_token");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("missing, expired, tampered and alg:none tokens are 401 on a protected route, each with its code")
    void badTokens(VertxTestContext ctx) {
        platform.users().user().compose(session -> {
            long now = System.currentTimeMillis() / 1000;
            String expired = Jwt.provider(platform.vertx(), platform.config()).generateToken(new JsonObject()
                            .put("sub", session.userId()).put("jti", UUID.randomUUID().toString())
                            .put("roles", new JsonArray().add("user")).put("iat", now - 3600).put("exp", now - 60),
                    new JWTOptions().setAlgorithm("HS256").setIssuer(platform.config().jwtIssuer()));
            String[] parts = session.accessToken().split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("\"user\"", "\"admin\"");
            String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            String tampered = parts[0] + "." + forgedPayload + "." + parts[2];
            String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + forgedPayload + ".";
            return Future.all(platform.http().get("/api/auth/users/me").send(), me(expired), me(tampered), me(none));
        }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            String[] codes = {"token_missing", "token_expired", "token_invalid", "token_invalid"};
            for (int i = 0; i < all.size(); i++) {
                assertError(all.resultAt(i), 401, codes[i]);
            }
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("PATCH me changes the name, and a password change needs the current password (a wrong one is a 400 "
            + "naming current_password, not a 401)")
    void updateProfile(VertxTestContext ctx) {
        platform.users().user().compose(session -> platform.http().patch("/api/auth/users/me")
                        .bearerTokenAuthentication(session.accessToken())
                        .sendJsonObject(new JsonObject().put("full_name", "Renamed"))
                        .compose(renamed -> {
                            ctx.verify(() -> assertThat(renamed.bodyAsJsonObject().getString("full_name"))
                                    .isEqualTo("Renamed"));
                            return platform.http().patch("/api/auth/users/me")
                                    .bearerTokenAuthentication(session.accessToken())
                                    .sendJsonObject(new JsonObject().put("current_password", "not-my-password")
                                            .put("new_password", "new-password-1"));
                        })
                        .compose(refused -> {
                            ctx.verify(() -> {
                                assertError(refused, 400, "current_password_incorrect");
                                assertThat(refused.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                                        .getString("field")).isEqualTo("current_password");
                                assertThat(refused.getHeader("WWW-Authenticate")).isNull();
                            });
                            return platform.http().patch("/api/auth/users/me")
                                    .bearerTokenAuthentication(session.accessToken())
                                    .sendJsonObject(new JsonObject().put("current_password", TestPlatform.PASSWORD)
                                            .put("new_password", "new-password-1"));
                        })
                        .compose(changed -> {
                            ctx.verify(() -> assertThat(changed.statusCode()).isEqualTo(200));
                            return Future.all(
                                    platform.users().login(session.email(), TestPlatform.PASSWORD)
                                            .transform(result -> Future.succeededFuture(result.succeeded())),
                                    platform.users().login(session.email(), "new-password-1")
                                            .transform(result -> Future.succeededFuture(result.succeeded())));
                        }))
                .onComplete(ctx.succeeding(logins -> ctx.verify(() -> {
                    assertThat((Boolean) logins.resultAt(0)).as("old password still works").isFalse();
                    assertThat((Boolean) logins.resultAt(1)).as("new password works").isTrue();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("an admin reads any user by id, a user gets 403, an unknown id is 404")
    void adminReadsUsers(VertxTestContext ctx) {
        Future.all(platform.users().admin(), platform.users().user()).compose(sessions -> {
            Users.Session admin = sessions.resultAt(0);
            Users.Session user = sessions.resultAt(1);
            return Future.all(
                    platform.http().get("/api/auth/users/" + user.userId()).bearerTokenAuthentication(admin.accessToken())
                            .send(),
                    platform.http().get("/api/auth/users/" + admin.userId()).bearerTokenAuthentication(user.accessToken())
                            .send(),
                    platform.http().get("/api/auth/users/unknown-id").bearerTokenAuthentication(admin.accessToken())
                            .send(),
                    platform.http().get("/api/auth/verify").bearerTokenAuthentication(user.accessToken()).send())
                    .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                        HttpResponse<Buffer> read = all.resultAt(0);
                        assertThat(read.statusCode()).isEqualTo(200);
                        assertThat(read.bodyAsJsonObject().getString("email")).isEqualTo(user.email());
                        assertError(all.resultAt(1), 403, "forbidden");
                        assertError(all.resultAt(2), 404, "not_found");
                        HttpResponse<Buffer> verify = all.resultAt(3);
                        assertThat(verify.bodyAsJsonObject().getBoolean("valid")).isTrue();
                        assertThat(verify.bodyAsJsonObject().getString("user_id")).isEqualTo(user.userId());
                        ctx.completeNow();
                    })));
        }).onFailure(ctx::failNow);
    }

    @Test
    @DisplayName("a misspelled query parameter on the account reads is a 400 naming it, not silently ignored")
    void unknownParametersOnAccountReads(VertxTestContext ctx) {
        platform.users().user().compose(user -> Future.all(
                        platform.http().get("/api/auth/users/me?fields=email").bearerTokenAuthentication(
                                user.accessToken()).send(),
                        platform.http().get("/api/auth/verify?token=x").bearerTokenAuthentication(
                                user.accessToken()).send(),
                        platform.http().get("/api/auth/users/" + user.userId() + "?expand=roles")
                                .bearerTokenAuthentication(user.accessToken()).send(),
                        platform.http().get("/api/auth/users/me").bearerTokenAuthentication(user.accessToken())
                                .send()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    String[] named = {"fields", "token", "expand"};
                    for (int i = 0; i < named.length; i++) {
                        HttpResponse<Buffer> response = all.resultAt(i);
                        assertError(response, 400, "validation_error");
                        assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                                .getString("field")).isEqualTo(named[i]);
                    }
                    assertThat(((HttpResponse<Buffer>) all.resultAt(3)).statusCode()).isEqualTo(200);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("malformed JSON is 400 and an unknown route is 404, both with the error body")
    void malformedAndUnknown(VertxTestContext ctx) {
        Future.all(
                        platform.http().post("/api/auth/register").putHeader("Content-Type", "application/json")
                                .sendBuffer(Buffer.buffer("{\"email\": \"a@b.c\", ")),
                        platform.http().get("/api/auth/nothing").send())
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.resultAt(0), 400, "malformed_json");
                    assertError(all.resultAt(1), 404, "not_found");
                    ctx.completeNow();
                })));
    }
}
