package io.marketplace.orders;

import io.marketplace.testkit.Pages;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.checkout;
import static io.marketplace.orders.Shop.product;
import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Listing my orders: newest first, by offset or cursor, in the one list shape. */
@ExtendWith(VertxExtension.class)
class OrderListTest {

    @RegisterExtension
    static final PlatformUnderTest SHOP = PlatformUnderTest.starting(Shop::start).withVendor();
    private static TestPlatform platform;
    private static Session vendor;
    private static String productId;

    @BeforeAll
    static void start(VertxTestContext ctx) {
        product(platform, vendor, "1.00", 1000).onComplete(ctx.succeeding(id -> {
            productId = id;
            ctx.completeNow();
        }));
    }

    private static Future<String> order(Session buyer) {
        return addToCart(platform, buyer, productId, 1).compose(added -> checkout(platform, buyer)).map(created -> {
            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
            return created.bodyAsJsonObject().getString("id");
        });
    }

    private static Future<List<String>> orders(Session buyer, int count) {
        List<String> ids = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < count; i++) {
            chain = chain.compose(ignored -> order(buyer).map(id -> {
                ids.add(id);
                return null;
            }));
        }
        return chain.map(ids);
    }

    @Test
    @DisplayName("cursor pages of my orders while new orders are placed: every order once, newest first, no gaps; "
            + "skip counts the items before each page and next is null on the last")
    void cursorUnderInserts(VertxTestContext ctx) {
        platform.users().user().compose(buyer -> orders(buyer, 5).compose(placed -> Pages.walk(platform,
                        "/api/orders?limit=2", buyer.accessToken(), () -> order(buyer))
                .map(pages -> {
                    ctx.verify(() -> {
                        assertThat(pages).hasSize(3);
                        assertThat(pages).extracting(page -> page.getInteger("skip")).containsExactly(0, 2, 4);
                        assertThat(pages).extracting(page -> page.getInteger("limit")).containsExactly(2, 2, 2);
                        assertThat(pages.get(2).getValue("next")).isNull();
                        List<String> seen = Pages.items(pages).stream().map(o -> o.getString("id")).toList();
                        List<String> newestFirst = new ArrayList<>(placed);
                        Collections.reverse(newestFirst);
                        assertThat(seen).containsExactlyElementsOf(newestFirst);
                        assertThat(pages.get(2).getLong("total")).isGreaterThan(5);
                    });
                    return pages;
                })))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a limit of 0 means the default 20, a limit over 100 is served as 100")
    void limits(VertxTestContext ctx) {
        platform.users().user().compose(buyer -> orders(buyer, 1).compose(placed -> Future.all(
                        platform.http().get("/api/orders?limit=0").bearerTokenAuthentication(buyer.accessToken())
                                .send(),
                        platform.http().get("/api/orders?limit=100000").bearerTokenAuthentication(buyer.accessToken())
                                .send())))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    JsonObject byDefault = all.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject();
                    JsonObject capped = all.<HttpResponse<Buffer>>resultAt(1).bodyAsJsonObject();
                    assertThat(byDefault.getInteger("limit")).isEqualTo(20);
                    assertThat(capped.getInteger("limit")).isEqualTo(100);
                    assertThat(capped.getJsonArray("items")).hasSize(1);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("an unknown query parameter is a 400 naming it, on lists and single resources; a cursor from "
            + "another list is a 400 naming cursor")
    void refusals(VertxTestContext ctx) {
        platform.users().user().compose(buyer -> Future.all(
                        platform.http().get("/api/orders?limt=5&status=paid")
                                .bearerTokenAuthentication(buyer.accessToken()).send(),
                        platform.http().get("/api/orders?cursor=bm90LWEtY3Vyc29y")
                                .bearerTokenAuthentication(buyer.accessToken()).send(),
                        platform.http().get("/api/cart?expand=lines")
                                .bearerTokenAuthentication(buyer.accessToken()).send()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    HttpResponse<Buffer> unknown = all.resultAt(0);
                    assertError(unknown, 400, "validation_error");
                    JsonObject details = unknown.bodyAsJsonObject().getJsonObject("error").getJsonObject("details");
                    assertThat(details.getJsonArray("errors").stream()
                            .map(e -> ((JsonObject) e).getString("field"))).containsExactly("limt", "status");
                    assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("message"))
                            .contains("limt", "status");
                    HttpResponse<Buffer> foreign = all.resultAt(1);
                    assertError(foreign, 400, "validation_error");
                    assertThat(foreign.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                            .getString("field")).isEqualTo("cursor");
                    HttpResponse<Buffer> cart = all.resultAt(2);
                    assertError(cart, 400, "validation_error");
                    assertThat(cart.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                            .getString("field")).isEqualTo("expand");
                    ctx.completeNow();
                })));
    }
}
