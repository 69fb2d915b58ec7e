package io.marketplace.gateway;

import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The storefront at {@code /} beside the API: its page and assets, their caching and policy, and nothing broken. */
@ExtendWith(VertxExtension.class)
class StorefrontRoutingTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(
            TestPlatform.builder().verticle(GatewayVerticle::new));
    private static TestPlatform platform;

    private static Future<HttpResponse<Buffer>> get(String path) {
        return platform.http().get(path).send();
    }

    @Test
    @DisplayName("GET / is the shop's page with a strict policy: scripts, styles and connections from this origin only")
    void pageWithStrictPolicy(VertxTestContext ctx) {
        get("/").onComplete(ctx.succeeding(page -> ctx.verify(() -> {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"/assets/app.js\"></script>")
                    .doesNotContain("style=").doesNotContain("<style");
            String policy = page.getHeader("Content-Security-Policy");
            assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                    "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
            assertThat(page.getHeader("ETag")).matches("\"[0-9a-f]{24}\"");
            assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("an asset carries a strong ETag of its content and a revalidation with it is a 304 without a body")
    void assetRevalidates(VertxTestContext ctx) {
        get("/assets/app.js").compose(asset -> {
            ctx.verify(() -> {
                assertThat(asset.statusCode()).isEqualTo(200);
                assertThat(asset.getHeader("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
                assertThat(asset.bodyAsString()).contains("import");
                assertThat(asset.getHeader("Cache-Control")).isEqualTo("no-cache");
            });
            return platform.http().get("/assets/app.js").putHeader("If-None-Match", asset.getHeader("ETag")).send()
                    .map(revalidated -> {
                        ctx.verify(() -> {
                            assertThat(revalidated.statusCode()).isEqualTo(304);
                            assertThat(revalidated.body()).isNull();
                            assertThat(revalidated.getHeader("ETag")).isEqualTo(asset.getHeader("ETag"));
                        });
                        return revalidated;
                    });
        }).compose(ignored -> get("/assets/app.css")).onComplete(ctx.succeeding(css -> ctx.verify(() -> {
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.getHeader("Content-Type")).isEqualTo("text/css; charset=utf-8");
            assertThat(css.getHeader("ETag")).isNotEqualTo(null);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("HEAD / answers the page's headers without a body; POST / is a 405 naming GET and HEAD")
    void methodsOnThePage(VertxTestContext ctx) {
        platform.http().request(HttpMethod.HEAD, "/").send().compose(head -> {
            ctx.verify(() -> {
                assertThat(head.statusCode()).isEqualTo(200);
                assertThat(head.body()).isNull();
                assertThat(head.getHeader("ETag")).isNotNull();
            });
            return platform.http().post("/").send();
        }).onComplete(ctx.succeeding(post -> ctx.verify(() -> {
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.getHeader("Allow")).isEqualTo("GET, HEAD, OPTIONS");
            assertThat(post.bodyAsJsonObject().getJsonObject("error").getString("code"))
                    .isEqualTo("method_not_allowed");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("an unknown asset, an unknown page path and an unknown /api path stay JSON 404s; /health and /docs still answer")
    void neighboursUnchanged(VertxTestContext ctx) {
        Future.all(get("/assets/nope.js"), get("/no-such-page"), get("/api/no-such-route"), get("/health"),
                get("/docs"), get("/assets/..%2Fstorefront%2Findex.html")).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            for (int i = 0; i < 3; i++) {
                HttpResponse<Buffer> missing = all.resultAt(i);
                assertThat(missing.statusCode()).isEqualTo(404);
                assertThat(missing.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
            }
            HttpResponse<Buffer> health = all.resultAt(3);
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<Buffer> docs = all.resultAt(4);
            assertThat(docs.statusCode()).isEqualTo(200);
            assertThat(docs.bodyAsString()).contains("swagger-ui");
            HttpResponse<Buffer> traversal = all.resultAt(5);
            assertThat(traversal.statusCode()).isEqualTo(404);
            ctx.completeNow();
        })));
    }
}
