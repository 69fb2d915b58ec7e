package io.marketplace.gateway;

import io.marketplace.common.auth.Jwt;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Correctly signed tokens with claims of the wrong type: every one is a 401, never a 500. */
@ExtendWith(VertxExtension.class)
class TokenClaimsTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(
            TestPlatform.builder().verticle(GatewayVerticle::new));
    private static TestPlatform platform;

    private static String signed(JsonObject overrides) {
        long now = System.currentTimeMillis() / 1000;
        JsonObject claims = new JsonObject()
                .put("sub", "user-1").put("roles", new JsonArray().add("user"))
                .put("jti", UUID.randomUUID().toString()).put("exp", now + 600).put("iat", now)
                .put("iss", platform.config().jwtIssuer())
                .mergeIn(overrides);
        JWTOptions options = new JWTOptions().setAlgorithm(Jwt.ALGORITHM).setNoTimestamp(true);
        return Jwt.provider(platform.vertx(), platform.config()).generateToken(claims, options);
    }

    @Test
    @DisplayName("exp, iat or nbf as text, sub or jti as numbers, roles as text, an array iss: all 401")
    void wrongClaimTypesAre401(VertxTestContext ctx) {
        platform.http().get("/api/cart").bearerTokenAuthentication(signed(new JsonObject())).send()
                .onComplete(ctx.succeeding(control -> ctx.verify(() -> assertThat(control.statusCode())
                        .as("a well-typed token passes the gateway (no orders service here)").isEqualTo(503))));
        List<JsonObject> claims = List.of(
                new JsonObject().put("exp", "tomorrow"),
                new JsonObject().put("exp", 1.5e300),
                new JsonObject().put("iat", "now"),
                new JsonObject().put("nbf", "later"),
                new JsonObject().put("sub", 42),
                new JsonObject().put("jti", new JsonObject()),
                new JsonObject().put("roles", "admin"),
                new JsonObject().put("email", new JsonArray()),
                new JsonObject().put("iss", new JsonArray().add("marketplace")));
        List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
        for (JsonObject claim : claims) {
            requests.add(platform.http().get("/api/cart").bearerTokenAuthentication(signed(claim)).send());
        }
        Future.all(new ArrayList<>(requests)).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            for (int i = 0; i < claims.size(); i++) {
                HttpResponse<Buffer> response = all.resultAt(i);
                assertThat(response.statusCode()).as(claims.get(i).encode() + " -> " + response.bodyAsString())
                        .isEqualTo(401);
                assertThat(response.bodyAsJsonObject().getJsonObject("error")).isNotNull();
            }
            ctx.completeNow();
        })));
    }
}
