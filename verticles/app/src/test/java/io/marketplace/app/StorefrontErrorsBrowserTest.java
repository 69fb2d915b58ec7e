package io.marketplace.app;

import io.marketplace.common.config.ConfigKeys;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.marketplace.app.BlockingCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storefront's unhappy paths in a real browser: each error the API gives shows as a sentence in the page (and
 * the API shows nothing half done), and an open page follows stock and order status over the /eventbus socket.
 */
@ExtendWith(ShopBrowser.DumpOnFailure.class)
class StorefrontErrorsBrowserTest {

    private static final String SESSION = "marketplace.session";
    private static final Duration LIVE = Duration.ofSeconds(15);
    /** The documented default; each journey's own users stay well under it, except where one is meant to pass it. */
    private static final int RATE_LIMIT = 100;

    @RegisterExtension
    static final ShopUnderTest SHOP = new ShopUnderTest(
            WholePlatform.builder().config(ConfigKeys.RATE_LIMIT_PER_MINUTE, RATE_LIMIT), "errors");
    private static TestPlatform platform;
    private static BlockingCalls calls;
    private static ShopBrowser browser;
    private static Session vendor;

    @BeforeAll
    static void start() throws Exception {
        vendor = await(platform.users().vendor());
    }

    /** Each journey starts signed out, in a freshly loaded page. */
    @BeforeEach
    void signedOut() {
        browser.go("/");
        browser.driver().executeScript("sessionStorage.clear()");
        browser.driver().navigate().refresh();
        browser.waitFor(By.cssSelector("main > .view h1"));
    }

    /** Every error state screenshot fits a phone and names each of its controls. */
    @AfterEach
    void usable() {
        assertThat(browser.pagesTooWideForPhones()).as("pages that scroll sideways at 375 px").isEmpty();
        assertThat(browser.unnamedControls()).as("controls without an accessible name").isEmpty();
    }

    @Test
    @DisplayName("a wrong password says so next to the form and starts no session")
    void wrongPassword() throws Exception {
        Session buyer = await(platform.users().user());
        browser.go("/login");
        browser.type("Email", buyer.email()).type("Password", "not-the-password");
        browser.clickButton("Log in");
        browser.waitForText(By.id("login-error"), "Wrong email or password.");
        browser.screenshot("login-wrong-password");
        assertThat(browser.findAll(By.cssSelector("[data-testid=who]"))).isEmpty();
        assertThat(storedSession()).isNull();
        assertThat(browser.mainText()).doesNotContain("{", "invalid_credentials");
    }

    @Test
    @DisplayName("when another buyer takes the stock between cart and checkout, checkout names the product and how "
            + "many are left, and reserves nothing")
    void outOfStockAtCheckout() throws Exception {
        Session buyer = await(platform.users().user());
        String teapot = product("Last Teapot", "19.90", 2);
        String mug = product("Plenty Mug", "5.00", 10);
        browser.login(buyer.email(), TestPlatform.PASSWORD);
        browser.go("/product/" + teapot);
        browser.type("Quantity", "2");
        browser.click(By.id("add-to-cart"));
        browser.waitForText(By.id("notice"), "Added 2 × Last Teapot");
        browser.go("/product/" + mug);
        browser.click(By.id("add-to-cart"));
        browser.waitForText(By.id("notice"), "Added 1 × Plenty Mug");

        Session rival = await(platform.users().user());
        addToCart(rival, teapot, 1);
        assertThat(calls.post("/api/orders", rival.accessToken(), null).statusCode()).isEqualTo(201);
        assertThat(stock(teapot)).isEqualTo(1);

        browser.go("/checkout");
        browser.fillShippingAddress();
        browser.click(By.id("place-order"));
        browser.waitForText(By.id("checkout-error"), "Not enough stock of “Last Teapot”");
        assertThat(browser.find(By.id("checkout-error")).getText())
                .contains("you asked for 2, only 1 left", "Nothing was reserved").doesNotContain("{");
        assertThat(browser.find(By.cssSelector("#checkout-error a[href='#/cart']")).getText())
                .isEqualTo("Back to the cart");
        browser.screenshot("checkout-out-of-stock");

        assertThat(stock(teapot)).as("the rival's unit stays reserved, the buyer's attempt holds none").isEqualTo(1);
        assertThat(stock(mug)).as("the other line was released").isEqualTo(10);
        JsonArray orders = calls.get("/api/orders", buyer.accessToken()).bodyAsJsonObject().getJsonArray("items");
        assertThat(orders.stream().map(o -> ((JsonObject) o).getString("status")))
                .as("no order awaits payment").doesNotContain("pending_payment", "paid");
        JsonObject cart = calls.get("/api/cart", buyer.accessToken()).bodyAsJsonObject();
        assertThat(cart.getInteger("item_count")).as("the cart is kept to fix").isEqualTo(3);
    }

    @Test
    @DisplayName("a declined test card shows the reason and a retry; the retry with a good card pays the order once")
    void declinedPaymentThenRetry() throws Exception {
        Session buyer = await(platform.users().user());
        String lamp = product("Desk Lamp", "30.00", 4);
        browser.login(buyer.email(), TestPlatform.PASSWORD);
        browser.go("/product/" + lamp);
        browser.click(By.id("add-to-cart"));
        browser.waitForText(By.id("notice"), "Added 1 × Desk Lamp");
        browser.go("/checkout");
        browser.fillShippingAddress();
        browser.click(By.id("place-order"));
        browser.waitForHeading("Payment");
        browser.type("Name on card", "Sam Shopper").type("Card number", "4000 0000 0000 0002");
        browser.click(By.id("pay"));
        browser.waitForText(By.id("payment-error"), "Payment failed: the card was declined.");
        assertThat(browser.find(By.id("pay")).getText()).isEqualTo("Try again");
        browser.screenshot("payment-declined");
        String orderId = browser.driver().getCurrentUrl().replaceAll(".*/pay/", "");
        assertThat(order(orderId, buyer).getString("status")).isEqualTo("pending_payment");

        browser.type("Card number", "4000 0000 0000 9995");
        browser.click(By.id("pay"));
        browser.waitForText(By.id("payment-error"), "insufficient funds");

        browser.type("Card number", "4242 4242 4242 4242");
        browser.click(By.id("pay"));
        browser.waitForText(By.id("order-status"), "paid");
        browser.screenshot("payment-retried-paid");
        assertThat(order(orderId, buyer).getString("status")).isEqualTo("paid");
        List<JsonObject> charges = calls.get("/api/payments/order/" + orderId, buyer.accessToken()).bodyAsJsonObject()
                .getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(p -> "charge".equals(p.getString("type"))).toList();
        assertThat(charges).extracting(p -> p.getString("status"))
                .containsExactlyInAnyOrder("failed", "failed", "succeeded");
        assertThat(charges).filteredOn(p -> "failed".equals(p.getString("status")))
                .extracting(p -> p.getString("failure_reason"))
                .containsExactlyInAnyOrder("card_declined", "insufficient_funds");
        assertThat(stock(lamp)).isEqualTo(3);
    }

    @Test
    @DisplayName("a session the server ended asks to log in again, and the cart is still there afterwards")
    void sessionEnded() throws Exception {
        Session buyer = await(platform.users().user());
        String kettle = product("Quiet Kettle", "42.00", 3);
        browser.login(buyer.email(), TestPlatform.PASSWORD);
        browser.go("/product/" + kettle);
        browser.click(By.id("add-to-cart"));
        browser.waitForText(By.id("notice"), "Added 1 × Quiet Kettle");

        String pageToken = storedSession().getString("access");
        assertThat(calls.post("/api/auth/logout", pageToken, null).statusCode()).isEqualTo(200);
        browser.driver().get(browser.driver().getCurrentUrl().replaceAll("#.*", "#/cart"));
        browser.waitForHeading("Log in");
        assertThat(browser.notice()).contains("Your session has ended. Please log in again; your cart is kept.");
        assertThat(browser.driver().getCurrentUrl()).contains("next=");
        assertThat(storedSession()).isNull();
        browser.screenshot("session-ended");

        browser.type("Email", buyer.email()).type("Password", TestPlatform.PASSWORD);
        browser.clickButton("Log in");
        browser.waitForHeading("Your cart");
        assertThat(browser.find(By.id("cart-total")).getText()).isEqualTo("USD 42.00");
    }

    @Test
    @DisplayName("past the rate limit a page says how many seconds to wait, instead of the raw 429")
    void tooManyRequests() throws Exception {
        Session buyer = await(platform.users().user());
        browser.login(buyer.email(), TestPlatform.PASSWORD);
        String pageToken = storedSession().getString("access");
        int status = 0;
        for (int i = 0; i < 2 * RATE_LIMIT && status != 429; i++) {
            status = calls.get("/api/cart", pageToken).statusCode();
        }
        assertThat(status).as("the buyer's requests reach the limit").isEqualTo(429);
        browser.go("/cart");
        browser.waitForHeading("Too many requests");
        assertThat(browser.find(By.id("page-error")).getText())
                .matches("Too many requests\\. Please wait \\d+ seconds and try again\\.");
        assertThat(browser.find(By.id("retry-page")).getText()).isEqualTo("Try again");
        browser.screenshot("too-many-requests");
    }

    @Test
    @DisplayName("an open product page and an open orders page follow stock and status over the event socket, also "
            + "after the token is renewed; cancelling asks first")
    void liveUpdates() throws Exception {
        Session buyer = await(platform.users().user());
        String clock = product("Wall Clock", "25.00", 6);
        browser.login(buyer.email(), TestPlatform.PASSWORD);

        browser.go("/product/" + clock);
        awaitSocket();
        int eventsBefore = liveEvents();
        adjustStock(clock, 9);
        browser.waitUntil(d -> browser.find(By.id("stock")).getText().equals("15 in stock"), LIVE);
        assertThat(liveEvents()).as("the change came as an event").isGreaterThan(eventsBefore);

        addToCart(buyer, clock, 1);
        String paid = placeOrder(buyer);
        pay(buyer, paid);
        addToCart(buyer, clock, 2);
        String pending = placeOrder(buyer);
        browser.go("/orders");
        awaitSocket();
        eventsBefore = liveEvents();
        HttpResponse<Buffer> shipped = calls.send(platform.http().patch("/api/orders/" + paid + "/status"),
                vendor.accessToken(), new JsonObject().put("status", "shipped"));
        assertThat(shipped.statusCode()).as(shipped.bodyAsString()).isEqualTo(200);
        browser.waitUntil(d -> !d.findElements(
                By.cssSelector("tr[data-order-id='" + paid + "'] [data-status='shipped']")).isEmpty(), LIVE);
        assertThat(liveEvents()).isGreaterThan(eventsBefore);
        browser.screenshot("orders-live-shipped");

        String before = storedSession().getString("access");
        browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/assets/api.js').then(api => api.refresh()).then(() => done(true), e => done(String(e)));");
        assertThat(storedSession().getString("access")).as("the token was renewed").isNotEqualTo(before);
        awaitSocket();
        eventsBefore = liveEvents();
        HttpResponse<Buffer> delivered = calls.send(platform.http().patch("/api/orders/" + paid + "/status"),
                vendor.accessToken(), new JsonObject().put("status", "delivered"));
        assertThat(delivered.statusCode()).as(delivered.bodyAsString()).isEqualTo(200);
        browser.waitUntil(d -> !d.findElements(
                By.cssSelector("tr[data-order-id='" + paid + "'] [data-status='delivered']")).isEmpty(), LIVE);
        assertThat(liveEvents()).as("events still arrive on the socket opened with the renewed token")
                .isGreaterThan(eventsBefore);

        WebElement cancel = browser.find(By.cssSelector("tr[data-order-id='" + pending + "'] button.cancel"));
        cancel.click();
        browser.driver().switchTo().alert().dismiss();
        assertThat(order(pending, buyer).getString("status")).as("a dismissed confirmation cancels nothing")
                .isEqualTo("pending_payment");
        browser.find(By.cssSelector("tr[data-order-id='" + pending + "'] button.cancel")).click();
        browser.driver().switchTo().alert().accept();
        browser.waitForText(By.id("notice"), "Order cancelled.");
        assertThat(order(pending, buyer).getString("status")).isEqualTo("cancelled");
    }

    @Test
    @DisplayName("a page whose API cannot be reached says so with a Try again button, which loads it once it can")
    void serverUnreachable() throws Exception {
        String rug = product("Round Rug", "80.00", 2);
        browser.driver().executeCdpCommand("Network.enable", Map.of());
        browser.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/products/*")));
        try {
            browser.go("/product/" + rug);
            browser.waitForHeading("The shop cannot be reached");
            assertThat(browser.find(By.id("page-error")).getText())
                    .isEqualTo("The shop cannot reach the server. Check your connection and try again.");
            browser.screenshot("server-unreachable");
        } finally {
            browser.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
        browser.click(By.id("retry-page"));
        browser.waitForHeading("Round Rug");
        assertThat(browser.find(By.id("stock")).getText()).isEqualTo("2 in stock");
    }

    @Test
    @DisplayName("while the event socket cannot connect a product page polls, and it returns to the socket once it can")
    void pollingWhileSocketDown() throws Exception {
        String vase = product("Tall Vase", "12.00", 4);
        // every page loaded from now on aims its websockets at a path the gateway does not serve, until it is told
        // otherwise: the socket fails to connect as it would with the bridge down
        Map<String, Object> added = browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", """
                        window.socketsBlocked = true;
                        const RealWebSocket = window.WebSocket;
                        window.WebSocket = class extends RealWebSocket {
                          constructor(url, protocols) {
                            super(window.socketsBlocked ? url.replace('/eventbus/', '/no-eventbus/') : url, protocols);
                          }
                        };
                        """));
        try {
            browser.driver().navigate().refresh();
            browser.go("/product/" + vase);
            assertThat(browser.find(By.tagName("body")).getAttribute("data-live")).isEqualTo("polling");
            int eventsBefore = liveEvents();
            adjustStock(vase, 3);
            browser.waitUntil(d -> browser.find(By.id("stock")).getText().equals("7 in stock"), LIVE);
            assertThat(liveEvents()).as("no event arrived: the page polled").isEqualTo(eventsBefore);
            assertThat(browser.find(By.tagName("body")).getAttribute("data-live")).isEqualTo("polling");
        } finally {
            browser.driver().executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                    Map.of("identifier", added.get("identifier")));
        }
        browser.driver().executeScript("window.socketsBlocked = false");
        browser.waitUntil(d -> "socket".equals(browser.find(By.tagName("body")).getAttribute("data-live")),
                Duration.ofSeconds(45));
        int eventsBefore = liveEvents();
        adjustStock(vase, 1);
        browser.waitUntil(d -> browser.find(By.id("stock")).getText().equals("8 in stock"), LIVE);
        assertThat(liveEvents()).as("back on the socket").isGreaterThan(eventsBefore);
    }

    private static void adjustStock(String productId, int delta) throws Exception {
        HttpResponse<Buffer> adjusted = calls.send(platform.http().patch("/api/products/" + productId + "/stock"),
                vendor.accessToken(), new JsonObject().put("delta", delta));
        assertThat(adjusted.statusCode()).as(adjusted.bodyAsString()).isEqualTo(200);
    }

    private static void awaitSocket() {
        browser.waitUntil(d -> "socket".equals(browser.find(By.tagName("body")).getAttribute("data-live")), LIVE);
    }

    private static int liveEvents() {
        String count = browser.find(By.tagName("body")).getAttribute("data-live-events");
        return count == null ? 0 : Integer.parseInt(count);
    }

    private static JsonObject storedSession() {
        Object text = browser.driver().executeScript("return sessionStorage.getItem(arguments[0])", SESSION);
        return text == null ? null : new JsonObject(text.toString());
    }


    private static String product(String name, String price, int stock) throws Exception {
        HttpResponse<Buffer> created = calls.post("/api/products", vendor.accessToken(), new JsonObject()
                .put("name", name).put("description", name + " for the error journeys")
                .put("price", new BigDecimal(price)).put("category", "errors").put("stock", stock));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return created.bodyAsJsonObject().getString("id");
    }

    private static void addToCart(Session buyer, String productId, int quantity) throws Exception {
        HttpResponse<Buffer> added = calls.post("/api/cart/items", buyer.accessToken(),
                new JsonObject().put("product_id", productId).put("quantity", quantity));
        assertThat(added.statusCode()).as(added.bodyAsString()).isIn(200, 201);
    }

    private static String placeOrder(Session buyer) throws Exception {
        HttpResponse<Buffer> order = calls.post("/api/orders", buyer.accessToken(), null);
        assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
        return order.bodyAsJsonObject().getString("id");
    }

    private static void pay(Session buyer, String orderId) throws Exception {
        HttpResponse<Buffer> paid = calls.post("/api/payments/process", buyer.accessToken(), new JsonObject()
                .put("order_id", orderId).put("payment_method", "credit_card")
                .put("card_details", new JsonObject().put("number", "4242 4242 4242 4242")));
        assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    }

    private static JsonObject order(String orderId, Session buyer) throws Exception {
        return calls.get("/api/orders/" + orderId, buyer.accessToken()).bodyAsJsonObject();
    }

    private static int stock(String productId) throws Exception {
        return calls.get("/api/products/" + productId, vendor.accessToken()).bodyAsJsonObject().getInteger("stock");
    }
}
