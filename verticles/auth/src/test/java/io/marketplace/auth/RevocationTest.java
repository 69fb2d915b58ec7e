package io.marketplace.auth;

import io.marketplace.common.auth.RevokedTokens;
import io.marketplace.common.mongo.MongoClients;
import io.marketplace.gateway.GatewayVerticle;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Logout revocations are records in the database, so a node that starts later (or after a restart) honours them. */
@ExtendWith(VertxExtension.class)
class RevocationTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(TestPlatform.builder()
            .verticle(AuthVerticle::new)
            .verticle(GatewayVerticle::new));
    private static TestPlatform platform;
    /** A second Vert.x instance standing for a node that starts after the logout; closed from the test thread. */
    private static Vertx laterNode;

    @AfterAll
    static void stop(VertxTestContext ctx) {
        Future<Void> later = laterNode == null ? Future.succeededFuture() : laterNode.close();
        later.onComplete(ctx.succeedingThenComplete());
    }

    private static JsonObject claims(String token) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a logout stores the revocation until the token's own expiry, and a node started afterwards "
            + "refuses the token from its local set")
    void logoutIsStoredAndLoadedByLaterNodes(VertxTestContext ctx) {
        laterNode = Vertx.vertx();
        MongoClient laterMongo = MongoClients.shared(laterNode, platform.config());
        platform.users().user()
                .compose(session -> platform.http().post("/api/auth/logout")
                        .bearerTokenAuthentication(session.accessToken()).send()
                        .compose(logout -> {
                            ctx.verify(() -> assertThat(logout.statusCode()).isEqualTo(200));
                            JsonObject claims = claims(session.accessToken());
                            return platform.mongo().findOne(RevokedTokens.COLLECTION,
                                            new JsonObject().put("_id", claims.getString("jti")), null)
                                    .map(stored -> {
                                        ctx.verify(() -> {
                                            assertThat(stored).as("stored revocation").isNotNull();
                                            assertThat(Instant.parse(stored.getJsonObject("expires_at")
                                                    .getString("$date")).getEpochSecond())
                                                    .isEqualTo(claims.getLong("exp"));
                                        });
                                        return claims.getString("jti");
                                    });
                        }))
                .compose(tokenId -> {
                    RevokedTokens later = new RevokedTokens(laterNode, laterMongo);
                    ctx.verify(() -> assertThat(later.isRevoked(tokenId)).as("before loading").isFalse());
                    return later.follow().map(ignored -> later.isRevoked(tokenId));
                })
                .onComplete(ctx.succeeding(revoked -> ctx.verify(() -> {
                    assertThat(revoked).as("refused by the later node").isTrue();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("the purge removes revocations of expired tokens and keeps the others")
    void purgeRemovesOnlyExpired(VertxTestContext ctx) {
        RevokedTokens revocations = new RevokedTokens(platform.vertx(), platform.mongo());
        long now = Instant.now().getEpochSecond();
        Future.all(revocations.revoke("expired-token", now - 5), revocations.revoke("live-token", now + 600))
                .compose(ignored -> revocations.purgeExpired())
                .compose(removed -> Future.all(
                        platform.mongo().count(RevokedTokens.COLLECTION, new JsonObject().put("_id", "expired-token")),
                        platform.mongo().count(RevokedTokens.COLLECTION, new JsonObject().put("_id", "live-token")))
                        .map(counts -> new long[] {removed, counts.<Long>resultAt(0), counts.<Long>resultAt(1)}))
                .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                    assertThat(result[0]).as("removed").isGreaterThanOrEqualTo(1);
                    assertThat(result[1]).as("expired left").isZero();
                    assertThat(result[2]).as("live left").isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a revoked token is refused with 401 while another token of the same user still works")
    void onlyTheRevokedTokenIsRefused(VertxTestContext ctx) {
        platform.users().user()
                .compose(session -> platform.users().login(session.email(), TestPlatform.PASSWORD)
                        .compose(second -> platform.http().post("/api/auth/logout")
                                .bearerTokenAuthentication(session.accessToken()).send()
                                .compose(ignored -> Future.all(
                                        platform.http().get("/api/auth/users/me")
                                                .bearerTokenAuthentication(session.accessToken()).send(),
                                        platform.http().get("/api/auth/users/me")
                                                .bearerTokenAuthentication(second.getString("access_token")).send()))))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertError(all.resultAt(0), 401, "token_revoked");
                    assertThat(all.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(1).statusCode()).isEqualTo(200);
                    ctx.completeNow();
                })));
    }
}
