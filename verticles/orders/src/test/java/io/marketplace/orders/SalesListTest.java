package io.marketplace.orders;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.Services;
import io.marketplace.testkit.Pages;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.marketplace.orders.Shop.addToCart;
import static io.marketplace.orders.Shop.checkout;
import static io.marketplace.orders.Shop.product;
import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vendor's sales, {@code GET /api/vendor/orders}: the orders with a line the vendor sells (every order for an
 * admin), newest first, in the one list shape, filtered by status; buyers are refused.
 */
@ExtendWith(VertxExtension.class)
class SalesListTest {

    @RegisterExtension
    static final PlatformUnderTest SHOP = PlatformUnderTest.starting(Shop::start);
    private static TestPlatform platform;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A new buyer's order of one unit of each product. */
    private static String order(String... productIds) throws Exception {
        Session buyer = await(platform.users().user());
        for (String productId : productIds) {
            assertThat(await(addToCart(platform, buyer, productId, 1)).statusCode()).isEqualTo(200);
        }
        HttpResponse<Buffer> created = await(checkout(platform, buyer));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return created.bodyAsJsonObject().getString("id");
    }

    private static void markPaid(String orderId) throws Exception {
        await(platform.bus(Services.ORDERS, Actions.Orders.MARK_PAID,
                new JsonObject().put("order_id", orderId).put("payment_id", "pay-" + orderId), Caller.system("test")));
    }

    private static HttpResponse<Buffer> get(String uri, Session caller) throws Exception {
        return await(platform.http().get(uri).bearerTokenAuthentication(caller.accessToken()).send());
    }

    private static JsonObject sales(String query, Session caller) throws Exception {
        HttpResponse<Buffer> response = get("/api/vendor/orders" + query, caller);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")).toList();
    }

    @Test
    @DisplayName("a vendor lists only the orders with a line they sell, newest first and whole; an admin lists every "
            + "order")
    void vendorSeesOwnAdminSeesAll() throws Exception {
        Session alice = await(platform.users().vendor());
        Session bob = await(platform.users().vendor());
        String alicesMug = await(product(platform, alice, "7.50", 10));
        String bobsPot = await(product(platform, bob, "19.90", 10));
        String onlyAlice = order(alicesMug);
        String both = order(alicesMug, bobsPot);
        String onlyBob = order(bobsPot);

        JsonObject alicesSales = sales("", alice);
        assertThat(ids(alicesSales)).containsExactly(both, onlyAlice);
        assertThat(alicesSales.getLong("total")).isEqualTo(2);
        assertThat(alicesSales.fieldNames()).contains("items", "total", "skip", "limit", "next");
        JsonObject shared = alicesSales.getJsonArray("items").getJsonObject(0);
        assertThat(shared.getJsonArray("items").stream().map(line -> ((JsonObject) line).getString("vendor_id")))
                .as("the whole order, as GET /api/orders/{id} shows it to a vendor of it")
                .containsExactlyInAnyOrder(alice.userId(), bob.userId());
        assertThat(new BigDecimal(shared.getValue("total").toString())).isEqualByComparingTo("27.40");
        assertThat(shared.getString("currency")).isEqualTo("USD");
        assertThat(ids(sales("", bob))).containsExactly(onlyBob, both);

        Session admin = await(platform.users().admin());
        JsonObject everything = sales("?limit=100", admin);
        long stored = await(platform.mongo().count("orders", new JsonObject()));
        assertThat(everything.getLong("total")).isEqualTo(stored);
        assertThat(ids(everything)).contains(onlyBob, both, onlyAlice);
        assertThat(ids(everything).indexOf(onlyBob)).isLessThan(ids(everything).indexOf(onlyAlice));
    }

    @Test
    @DisplayName("a buyer gets 403 and an anonymous caller 401, and neither sees any order")
    void buyersRefused() throws Exception {
        Session vendor = await(platform.users().vendor());
        order(await(product(platform, vendor, "3.00", 5)));
        Session buyer = await(platform.users().user());

        HttpResponse<Buffer> refused = get("/api/vendor/orders", buyer);
        assertError(refused, 403, "forbidden");
        assertThat(refused.bodyAsString()).doesNotContain("\"items\"");
        assertError(await(platform.http().get("/api/vendor/orders").send()), 401, "token_missing");
        assertThat(sales("", vendor).getLong("total")).isEqualTo(1);
    }

    @Test
    @DisplayName("status filters the sales; the vendor ships and delivers through the order's status, and the "
            + "filtered lists follow")
    void statusFilter() throws Exception {
        Session vendor = await(platform.users().vendor());
        String product = await(product(platform, vendor, "5.00", 10));
        String pending = order(product);
        String paid = order(product);
        markPaid(paid);

        assertThat(ids(sales("?status=paid", vendor))).containsExactly(paid);
        assertThat(ids(sales("?status=pending_payment", vendor))).containsExactly(pending);
        assertThat(sales("?status=shipped", vendor).getLong("total")).isZero();
        assertThat(ids(sales("?status=", vendor))).containsExactly(paid, pending);

        HttpResponse<Buffer> shipped = await(platform.http().patch("/api/orders/" + paid + "/status")
                .bearerTokenAuthentication(vendor.accessToken())
                .sendJsonObject(new JsonObject().put("status", "shipped")));
        assertThat(shipped.statusCode()).as(shipped.bodyAsString()).isEqualTo(200);
        assertThat(ids(sales("?status=shipped", vendor))).containsExactly(paid);
        assertThat(sales("?status=paid", vendor).getLong("total")).isZero();
        HttpResponse<Buffer> delivered = await(platform.http().patch("/api/orders/" + paid + "/status")
                .bearerTokenAuthentication(vendor.accessToken())
                .sendJsonObject(new JsonObject().put("status", "delivered")));
        assertThat(delivered.statusCode()).as(delivered.bodyAsString()).isEqualTo(200);
        JsonObject done = sales("?status=delivered", vendor);
        assertThat(ids(done)).containsExactly(paid);
        assertThat(done.getJsonArray("items").getJsonObject(0).getJsonArray("status_history").stream()
                .map(step -> ((JsonObject) step).getString("status"))).endsWith("paid", "shipped", "delivered");
        JsonObject stored = await(platform.mongo().findOne("orders", new JsonObject().put("_id", paid), null));
        assertThat(stored.getString("status")).isEqualTo("delivered");
    }

    @Test
    @DisplayName("sales page by offset and by cursor, every order once, newest first; a cursor of another status "
            + "is a 400 naming cursor")
    void pagination() throws Exception {
        Session vendor = await(platform.users().vendor());
        String product = await(product(platform, vendor, "2.00", 20));
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(0, order(product));
        }

        List<JsonObject> pages = await(Pages.walk(platform, "/api/vendor/orders?limit=2", vendor.accessToken(),
                () -> Future.succeededFuture()));
        assertThat(pages).hasSize(3);
        assertThat(pages).extracting(page -> page.getInteger("skip")).containsExactly(0, 2, 4);
        assertThat(Pages.items(pages).stream().map(o -> o.getString("id"))).containsExactlyElementsOf(placed);

        JsonObject second = sales("?limit=2&skip=2", vendor);
        assertThat(ids(second)).containsExactlyElementsOf(placed.subList(2, 4));
        assertThat(second.getLong("total")).isEqualTo(5);
        assertThat(ids(sales("?limit=2&page=3", vendor))).containsExactly(placed.get(4));

        String cursor = pages.get(0).getString("next");
        HttpResponse<Buffer> foreign = get("/api/vendor/orders?limit=2&status=paid&cursor=" + cursor, vendor);
        assertError(foreign, 400, "validation_error");
        assertThat(foreign.bodyAsJsonObject().getJsonObject("error").getJsonObject("details").getString("field"))
                .isEqualTo("cursor");
    }

    @Test
    @DisplayName("an unknown parameter or status is a 400 naming it, and lists the accepted values")
    void badParameters() throws Exception {
        Session vendor = await(platform.users().vendor());

        HttpResponse<Buffer> unknown = get("/api/vendor/orders?vendor=me&stat=paid", vendor);
        assertError(unknown, 400, "validation_error");
        JsonObject details = unknown.bodyAsJsonObject().getJsonObject("error").getJsonObject("details");
        assertThat(details.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                .containsExactly("stat", "vendor");
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("status");

        HttpResponse<Buffer> badStatus = get("/api/vendor/orders?status=lost", vendor);
        assertError(badStatus, 400, "validation_error");
        JsonObject error = badStatus.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getJsonObject("details").getString("field")).isEqualTo("status");
        assertThat(error.getString("message")).contains("pending_payment", "shipped", "delivered");

        assertError(get("/api/vendor/orders?limit=-1", vendor), 400, "validation_error");
        assertError(get("/api/vendor/orders?skip=x", vendor), 400, "validation_error");
    }
}
