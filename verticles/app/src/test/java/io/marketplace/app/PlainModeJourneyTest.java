package io.marketplace.app;

import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;

import static io.marketplace.app.BlockingCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journey of {@link SeedCompatApiTest} in the default mode ({@code API_COMPAT=none}): the plain API answers it
 * with its own statuses and bodies, and nothing of the seed's envelope or wording leaks into it.
 */
class PlainModeJourneyTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(WholePlatform.builder());
    private static TestPlatform platform;
    private static BlockingCalls calls;

    @BeforeAll
    static void start() {
        calls = new BlockingCalls(platform);
    }

    @Test
    @DisplayName("without API_COMPAT the seed's journey gets the plain API: 201s, bare resources, error objects")
    void plainJourney() throws Exception {
        String vendorEmail = Users.uniqueEmail("plain-vendor");
        String userEmail = Users.uniqueEmail("plain-user");
        HttpResponse<Buffer> vendor = calls.post("/api/auth/register", null, registration(vendorEmail, "vendor"));
        assertThat(vendor.statusCode()).isEqualTo(201);
        assertPlain(vendor);
        assertThat(vendor.bodyAsJsonObject().getString("full_name")).isEqualTo("Plain vendor");
        assertThat(calls.post("/api/auth/register", null, registration(userEmail, "user")).statusCode()).isEqualTo(201);

        HttpResponse<Buffer> login = calls.post("/api/auth/login", null,
                new JsonObject().put("email", vendorEmail).put("password", TestPlatform.PASSWORD));
        assertThat(login.statusCode()).isEqualTo(200);
        assertPlain(login);
        String vendorToken = login.bodyAsJsonObject().getString("access_token");
        assertThat(login.bodyAsJsonObject().getInteger("expires_in")).isPositive();
        String token = calls.post("/api/auth/login", null, new JsonObject().put("email", userEmail)
                .put("password", TestPlatform.PASSWORD)).bodyAsJsonObject().getString("access_token");

        HttpResponse<Buffer> created = calls.post("/api/products", vendorToken, new JsonObject()
                .put("name", "Premium Widget").put("description", "A very good widget")
                .put("price", new BigDecimal("199.99")).put("category", "electronics").put("stock", 50));
        assertThat(created.statusCode()).isEqualTo(201);
        assertPlain(created);
        String productId = created.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> page = calls.get("/api/products?search=Premium%20Widget", null);
        assertThat(page.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
        assertThat(page.bodyAsJsonObject().getInteger("limit")).as("the plain default page").isEqualTo(20);
        assertThat(page.bodyAsJsonObject().containsKey("products")).isFalse();

        assertThat(calls.post("/api/cart", token, new JsonObject().put("product_id", productId).put("quantity", 2))
                .statusCode()).isEqualTo(200);
        HttpResponse<Buffer> cart = calls.post("/api/cart/items", token, new JsonObject().put("product_id", productId)
                .put("quantity", 1));
        assertPlain(cart);
        assertThat(cart.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getInteger("quantity"))
                .isEqualTo(3);
        assertThat(cart.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).containsKey("unit_price")).isTrue();

        HttpResponse<Buffer> order = calls.post("/api/orders", token,
                new JsonObject().put("shipping_address", "123 Test St"));
        assertThat(order.statusCode()).isEqualTo(201);
        assertPlain(order);
        assertThat(order.bodyAsJsonObject().getString("status")).isEqualTo("pending_payment");
        String orderId = order.bodyAsJsonObject().getString("id");
        assertThat(calls.get("/api/cart", token).bodyAsJsonObject().getJsonArray("items")).isEmpty();

        HttpResponse<Buffer> paid = calls.post("/api/payments/process", token, new JsonObject()
                .put("order_id", orderId).put("payment_method", "credit_card").put("card_details", new JsonObject()));
        assertThat(paid.statusCode()).isEqualTo(201);
        assertPlain(paid);
        assertThat(paid.bodyAsJsonObject().getString("status")).isEqualTo("succeeded");
        assertThat(calls.get("/api/orders/" + orderId, token).bodyAsJsonObject().getString("status")).isEqualTo("paid");

        HttpResponse<Buffer> badToken = calls.get("/api/cart", "not-a-token");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(badToken.bodyAsJsonObject().getJsonObject("error").getString("code")).isNotBlank();
        long products = await(platform.mongo().count("products", new JsonObject()));
        HttpResponse<Buffer> negative = calls.post("/api/products", vendorToken,
                new JsonObject().put("name", "Bad").put("price", -10).put("category", "bad"));
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("validation_error");
        assertThat(negative.bodyAsJsonObject().containsKey("detail")).isFalse();
        assertThat(await(platform.mongo().count("products", new JsonObject()))).isEqualTo(products);

        assertThat(calls.get("/health", null).bodyAsJsonObject().getString("status")).isEqualTo("UP");
        HttpResponse<Buffer> document = calls.get("/openapi.yaml", null);
        assertThat(document.bodyAsString()).contains("API_COMPAT=none").doesNotContain("SeedOrder");
    }

    private static JsonObject registration(String email, String role) {
        return new JsonObject().put("email", email).put("password", TestPlatform.PASSWORD)
                .put("full_name", "Plain " + role).put("role", role);
    }

    private static void assertPlain(HttpResponse<Buffer> response) {
        assertThat(response.bodyAsJsonObject().fieldNames()).as("no seed envelope in " + response.bodyAsString())
                .doesNotContain("success", "data", "detail");
    }
}
