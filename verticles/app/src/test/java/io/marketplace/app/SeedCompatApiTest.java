package io.marketplace.app;

import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code API_COMPAT=seed}: the seed system's own journey runs through the gateway and every answer has the status
 * and shape recorded in {@code seed-exchanges.json}; where the seed is broken (login form, profile, the cart alias,
 * the payment history) the answer is what its clients expect. Stored data stay ours: the order is {@code paid} in the
 * database while the seed's clients read {@code completed}.
 */
class SeedCompatApiTest {

    private static final String PASSWORD = "Password123!";

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(WholePlatform.builder()
            .config(ConfigKeys.API_COMPAT, "seed"));
    private static Vertx vertx;
    private static TestPlatform platform;
    private static SeedExchanges seed;
    private static BlockingCalls calls;

    @BeforeAll
    static void start() throws Exception {
        seed = SeedExchanges.load();
        calls = new BlockingCalls(platform);
    }

    @BeforeEach
    void forgetEarlierCalls() {
        calls.forget();
    }

    /** Swagger must not lie: the document served in seed mode describes every answer the test received. */
    @AfterEach
    void servedDocumentDescribesEveryAnswer() throws Exception {
        ServedDocument document = ServedDocument.load(vertx, await(platform.http().get("/openapi.yaml").send())
                .bodyAsString());
        for (BlockingCalls.Exchange exchange : calls.exchanges()) {
            document.assertDescribes(exchange.method(), exchange.path(), exchange.response().statusCode(),
                    exchange.response().getHeader("Content-Type"), exchange.response().body());
        }
    }

    @Test
    @DisplayName("the seed's journey, from registration to a completed order, answers with the seed's statuses and shapes")
    void seedJourney() throws Exception {
        String vendorEmail = Users.uniqueEmail("seed-vendor");
        String userEmail = Users.uniqueEmail("seed-user");

        HttpResponse<Buffer> vendor = post("/api/auth/register", null, registration(vendorEmail, "Vendor One", "vendor"));
        seed.assertMatches("register_vendor", vendor.statusCode(), vendor.bodyAsString());
        assertThat(data(vendor).getString("role")).isEqualTo("vendor");
        HttpResponse<Buffer> user = post("/api/auth/register", null, registration(userEmail, "User One", "user"));
        seed.assertMatches("register_user", user.statusCode(), user.bodyAsString());
        assertThat(user.bodyAsJsonObject().getString("message")).isEqualTo("User registered successfully");
        String userId = data(user).getString("id");
        assertThat(data(user).getJsonObject("profile").getString("user_id")).isEqualTo(userId);

        HttpResponse<Buffer> duplicate = post("/api/auth/register", null, registration(userEmail, "User One", "user"));
        seed.assertMatches("register_duplicate", duplicate.statusCode(), duplicate.bodyAsString());

        HttpResponse<Buffer> vendorLogin = post("/api/auth/login", null,
                new JsonObject().put("email", vendorEmail).put("password", PASSWORD));
        seed.assertMatches("login_json", vendorLogin.statusCode(), vendorLogin.bodyAsString());
        String vendorToken = data(vendorLogin).getString("access_token");
        HttpResponse<Buffer> userLogin = post("/api/auth/login", null,
                new JsonObject().put("email", userEmail).put("password", PASSWORD));
        seed.assertMatches("login_json_user", userLogin.statusCode(), userLogin.bodyAsString());
        String token = data(userLogin).getString("access_token");
        HttpResponse<Buffer> formLogin = await(platform.http().post("/api/auth/login")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", userEmail).add("password", PASSWORD)));
        assertThat(formLogin.statusCode()).as("the seed refuses its own README's form login; we accept it")
                .isEqualTo(200);
        SeedExchanges.assertSameShape("login_form", seed.response("login_json"), formLogin.bodyAsJsonObject(),
                java.util.Set.of());
        HttpResponse<Buffer> wrong = post("/api/auth/login", null,
                new JsonObject().put("email", userEmail).put("password", "nope"));
        seed.assertMatches("login_wrong", wrong.statusCode(), wrong.bodyAsString());
        HttpResponse<Buffer> refresh = post("/api/auth/refresh", null,
                new JsonObject().put("refresh_token", data(userLogin).getString("refresh_token")));
        seed.assertMatches("refresh", refresh.statusCode(), refresh.bodyAsString());

        HttpResponse<Buffer> me = get("/api/auth/users/me", token);
        assertThat(me.statusCode()).as("the seed answers its own profile route with 401; we answer it").isEqualTo(200);
        SeedExchanges.assertSameShape("me", seed.response("register_user"), me.bodyAsJsonObject()
                .put("message", "any"), java.util.Set.of());
        assertThat(data(me).getString("email")).isEqualTo(userEmail);
        HttpResponse<Buffer> anonymousMe = get("/api/auth/users/me", null);
        seed.assertMatches("me_no_token", anonymousMe.statusCode(), anonymousMe.bodyAsString());
        assertThat(anonymousMe.bodyAsString()).isEqualTo(seed.response("me_no_token").toString()
                .transform(text -> "\"" + text + "\""));

        String adminToken = data(post("/api/auth/login", null, new JsonObject()
                .put("email", TestPlatform.ADMIN_EMAIL).put("password", TestPlatform.ADMIN_PASSWORD)))
                .getString("access_token");
        HttpResponse<Buffer> category = post("/api/categories", adminToken, new JsonObject()
                .put("name", "Electronics").put("slug", "electronics").put("description", "d"));
        seed.assertMatches("create_category", category.statusCode(), category.bodyAsString());
        HttpResponse<Buffer> categories = get("/api/categories", null);
        seed.assertMatches("list_categories", categories.statusCode(), categories.bodyAsString());

        JsonObject widget = new JsonObject().put("name", "Premium Widget").put("description", "A very good widget")
                .put("price", new BigDecimal("199.99")).put("category", "electronics").put("stock", 50)
                .put("image_url", "http://example.com/widget.jpg");
        HttpResponse<Buffer> created = post("/api/products", vendorToken, widget);
        seed.assertMatches("create_product", created.statusCode(), created.bodyAsString());
        assertThat(created.bodyAsJsonObject().getString("message")).isEqualTo("Product created successfully");
        String productId = data(created).getString("id");
        HttpResponse<Buffer> uncategorised = post("/api/products", vendorToken, widget.copy().put("name", "Gizmo")
                .put("category", "never-created-" + productId));
        assertThat(uncategorised.statusCode()).as("the seed demands a pre-created category; we do not: "
                + uncategorised.bodyAsString()).isEqualTo(200);

        HttpResponse<Buffer> page = get("/api/products?page=1&limit=10", null);
        seed.assertMatches("list_products", page.statusCode(), page.bodyAsString());
        assertThat(data(page).getInteger("page")).isEqualTo(1);
        HttpResponse<Buffer> search = get("/api/products?search=Premium%20Widget", null);
        seed.assertMatches("list_products_search", search.statusCode(), search.bodyAsString());
        assertThat(data(search).getInteger("limit")).as("the seed pages by 10").isEqualTo(10);
        assertThat(data(search).getJsonArray("products")).extracting(p -> ((JsonObject) p).getString("id"))
                .containsExactly(productId);
        HttpResponse<Buffer> one = get("/api/products/" + productId, null);
        seed.assertMatches("get_product", one.statusCode(), one.bodyAsString());
        HttpResponse<Buffer> missing = get("/api/products/000000000000000000000000", null);
        seed.assertMatches("get_product_missing", missing.statusCode(), missing.bodyAsString());
        HttpResponse<Buffer> updated = send(platform.http().put("/api/products/" + productId), vendorToken,
                new JsonObject().put("price", new BigDecimal("189.99")));
        seed.assertMatches("update_product", updated.statusCode(), updated.bodyAsString());
        assertThat(data(updated).getValue("updated_at")).isNotNull();
        assertThat(new BigDecimal(data(updated).getValue("price").toString())).isEqualByComparingTo("189.99");

        HttpResponse<Buffer> alias = post("/api/cart", token, new JsonObject().put("product_id", productId)
                .put("quantity", 2));
        assertThat(alias.statusCode()).as("the seed answers its clients' POST /api/cart with 405; we add the item")
                .isEqualTo(200);
        SeedExchanges.assertSameShape("add_cart_alias", seed.response("add_cart_items"), alias.bodyAsJsonObject(),
                java.util.Set.of());
        HttpResponse<Buffer> added = post("/api/cart/items", token, new JsonObject().put("product_id", productId)
                .put("quantity", 1));
        seed.assertMatches("add_cart_items", added.statusCode(), added.bodyAsString());
        HttpResponse<Buffer> cart = get("/api/cart", token);
        seed.assertMatches("get_cart", cart.statusCode(), cart.bodyAsString());
        JsonObject line = data(cart).getJsonArray("items").getJsonObject(0);
        assertThat(line.getInteger("quantity")).isEqualTo(3);
        assertThat(line.getString("name")).isEqualTo("Premium Widget");
        assertThat(new BigDecimal(data(cart).getValue("total").toString())).isEqualByComparingTo("569.97");

        HttpResponse<Buffer> order = post("/api/orders", token, new JsonObject().put("shipping_address", "123 Test St"));
        seed.assertMatches("create_order", order.statusCode(), order.bodyAsString());
        String orderId = data(order).getString("id");
        assertThat(data(order).getString("status")).isEqualTo("pending");
        assertThat(data(order).getString("user_id")).isEqualTo(userId);
        assertThat(new BigDecimal(data(order).getValue("total_amount").toString())).isEqualByComparingTo("569.97");
        HttpResponse<Buffer> empty = post("/api/orders", token, new JsonObject().put("shipping_address", "123 Test St"));
        seed.assertMatches("create_order_empty", empty.statusCode(), empty.bodyAsString());
        HttpResponse<Buffer> cleared = get("/api/cart", token);
        seed.assertMatches("get_cart_after", cleared.statusCode(), cleared.bodyAsString());
        assertThat(data(cleared).getJsonArray("items")).isEmpty();
        HttpResponse<Buffer> orders = get("/api/orders", token);
        seed.assertMatches("list_orders", orders.statusCode(), orders.bodyAsString());
        HttpResponse<Buffer> pending = get("/api/orders/" + orderId, token);
        seed.assertMatches("get_order", pending.statusCode(), pending.bodyAsString());

        HttpResponse<Buffer> paid = post("/api/payments/process", token, new JsonObject().put("order_id", orderId)
                .put("payment_method", "credit_card").put("card_details", new JsonObject()
                        .put("number", "4242424242424242")));
        seed.assertMatches("pay", paid.statusCode(), paid.bodyAsString());
        assertThat(data(paid).getString("status")).isEqualTo("completed");
        assertThat(data(paid).getString("transaction_id")).isNotBlank();
        assertThat(new BigDecimal(data(paid).getValue("amount").toString())).isEqualByComparingTo("569.97");
        HttpResponse<Buffer> completed = get("/api/orders/" + orderId, token);
        seed.assertMatches("get_order_after_pay", completed.statusCode(), completed.bodyAsString());
        assertThat(data(completed).getString("status")).isEqualTo("completed");
        HttpResponse<Buffer> history = get("/api/payments/user", token);
        assertThat(history.statusCode()).as("the seed's payment history is a 404; ours lists the payment")
                .isEqualTo(200);
        assertThat(history.bodyAsJsonObject().getJsonArray("data")).hasSize(1);
        SeedExchanges.assertSameShape("payments_user", seed.response("pay"), history.bodyAsJsonObject()
                .put("data", history.bodyAsJsonObject().getJsonArray("data").getJsonObject(0))
                .put("message", "any"), java.util.Set.of());

        HttpResponse<Buffer> badToken = get("/api/cart", "not-a-token");
        seed.assertMatches("bad_token", badToken.statusCode(), badToken.bodyAsString());
        assertThat(badToken.bodyAsString()).isEqualTo("\"Invalid authentication credentials\"");

        JsonObject storedOrder = await(platform.mongo().findOne("orders", new JsonObject().put("_id", orderId), null));
        assertThat(storedOrder.getString("status")).as("stored data keep our states").isEqualTo("paid");
        JsonObject storedProduct = await(platform.mongo().findOne("products", new JsonObject().put("_id", productId),
                null));
        assertThat(storedProduct.getInteger("stock")).as("three sold of 50").isEqualTo(47);
        assertThat(await(platform.mongo().count("payments", new JsonObject().put("order_id", orderId)))).isEqualTo(1);
    }

    @Test
    @DisplayName("bad input gets the seed's error shapes (422 with a located detail list) and stores nothing")
    void badInput() throws Exception {
        HttpResponse<Buffer> invalid = post("/api/auth/register", null,
                new JsonObject().put("email", "not-an-email").put("password", "x"));
        seed.assertMatches("register_invalid", invalid.statusCode(), invalid.bodyAsString());
        assertThat(invalid.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getJsonArray("loc"))
                .containsExactly("body", "email");
        assertThat(await(platform.mongo().count("users", new JsonObject().put("email", "not-an-email")))).isZero();

        String vendorEmail = Users.uniqueEmail("seed-bad-vendor");
        post("/api/auth/register", null, registration(vendorEmail, "Vendor Two", "vendor"));
        String vendorToken = data(post("/api/auth/login", null,
                new JsonObject().put("email", vendorEmail).put("password", PASSWORD))).getString("access_token");
        long productsBefore = await(platform.mongo().count("products", new JsonObject()));
        HttpResponse<Buffer> negative = post("/api/products", vendorToken,
                new JsonObject().put("name", "Bad").put("price", -10).put("category", "bad"));
        seed.assertMatches("create_product_invalid", negative.statusCode(), negative.bodyAsString());
        assertThat(negative.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getJsonArray("loc"))
                .containsExactly("body", "price");
        HttpResponse<Buffer> malformed = await(platform.http().post("/api/products")
                .bearerTokenAuthentication(vendorToken).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"name\": \"Bad\", \"price\": ")));
        seed.assertMatches("create_product_invalid", malformed.statusCode(), malformed.bodyAsString());
        HttpResponse<Buffer> badLimit = get("/api/products?limit=many", null);
        assertThat(badLimit.statusCode()).isEqualTo(422);
        assertThat(badLimit.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getJsonArray("loc"))
                .containsExactly("query", "limit");
        assertThat(await(platform.mongo().count("products", new JsonObject()))).isEqualTo(productsBefore);

        HttpResponse<Buffer> admin = post("/api/auth/register", null,
                registration(Users.uniqueEmail("seed-admin"), "Admin", "admin"));
        assertThat(admin.statusCode()).as("admins are never self-registered, in any format").isEqualTo(403);
        assertThat(admin.bodyAsJsonObject().fieldNames()).containsExactly("detail");

        HttpResponse<Buffer> noRoute = await(platform.http().get("/api/nothing-here").send());
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(noRoute.bodyAsJsonObject().fieldNames()).containsExactly("detail");
    }

    @Test
    @DisplayName("/health lists every service as the seed does, and /openapi.yaml describes the seed format")
    @SuppressWarnings("unchecked")
    void healthAndDocument() throws Exception {
        HttpResponse<Buffer> health = get("/health", null);
        seed.assertMatches("health", health.statusCode(), health.bodyAsString(), "details", "dependencies");
        assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("healthy");
        assertThat(health.bodyAsJsonObject().getJsonArray("services")).extracting(s -> ((JsonObject) s)
                .getString("service")).containsExactly("auth-service", "products-service", "orders-service",
                "payments-service");

        HttpResponse<Buffer> document = await(platform.http().get("/openapi.yaml").send());
        assertThat(document.statusCode()).isEqualTo(200);
        JsonObject spec = new JsonObject((Map<String, Object>) new Yaml().load(document.bodyAsString()));
        assertThat(spec.getJsonObject("info").getString("title")).contains("API_COMPAT=seed");
        JsonObject login = spec.getJsonObject("paths").getJsonObject("/api/auth/login").getJsonObject("post")
                .getJsonObject("responses");
        assertThat(login.fieldNames()).contains("200", "401", "422").doesNotContain("201");
        JsonObject envelope = login.getJsonObject("200").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema");
        assertThat(envelope.getJsonArray("required")).containsExactly("success", "data", "message");
        assertThat(envelope.getJsonObject("properties").getJsonObject("data").getString("$ref"))
                .isEqualTo("#/components/schemas/SeedTokens");
        JsonArray orderStates = spec.getJsonObject("components").getJsonObject("schemas").getJsonObject("SeedOrder")
                .getJsonObject("properties").getJsonObject("status").getJsonArray("enum");
        assertThat(orderStates).contains("pending", "completed").doesNotContain("pending_payment", "paid");
    }

    private static JsonObject registration(String email, String fullName, String role) {
        return new JsonObject().put("email", email).put("password", PASSWORD).put("full_name", fullName)
                .put("role", role);
    }

    private static JsonObject data(HttpResponse<Buffer> response) {
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getBoolean("success")).as("success envelope: " + body).isTrue();
        return body.getJsonObject("data");
    }

    private static HttpResponse<Buffer> get(String uri, String token) throws Exception {
        return calls.get(uri, token);
    }

    private static HttpResponse<Buffer> post(String uri, String token, JsonObject body) throws Exception {
        return calls.post(uri, token, body);
    }

    private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String token, JsonObject body)
            throws Exception {
        return calls.send(request, token, body);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return BlockingCalls.await(future);
    }
}
