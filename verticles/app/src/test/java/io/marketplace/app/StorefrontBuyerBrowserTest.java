package io.marketplace.app;

import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.math.BigDecimal;
import java.util.List;

import static io.marketplace.app.BlockingCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The buyer's journey through the storefront in a real browser, checked on the page and through the API. */
@ExtendWith(ShopBrowser.DumpOnFailure.class)
class StorefrontBuyerBrowserTest {

    @RegisterExtension
    static final ShopUnderTest SHOP = new ShopUnderTest(WholePlatform.builder(), "buyer");
    private static TestPlatform platform;
    private static BlockingCalls calls;
    private static ShopBrowser browser;
    private static String vendorToken;

    @BeforeAll
    static void start() throws Exception {
        vendorToken = await(platform.users().vendor()).accessToken();
    }

    @Test
    @DisplayName("a buyer registers, logs in, searches, filters, fills a cart, checks out, pays, and cancels another order")
    void buyerJourney() throws Exception {
        String teapot = product("Blue Teapot", "19.90", "kitchen", 5);
        String mug = product("Green Mug", "7.50", "kitchen", 10);
        product("Red Kettle", "35.00", "kitchen", 0);
        String hose = product("Garden Hose", "24.00", "garden", 3);

        String email = Users.uniqueEmail("shopper");
        browser.go("/register");
        browser.type("Full name", "Sam Shopper").type("Email", email)
                .type("Password (at least 8 characters)", TestPlatform.PASSWORD);
        browser.screenshot("register");
        browser.clickButton("Create account");
        browser.waitForText(By.cssSelector("[data-testid=who]"), email);
        browser.click(By.id("logout"));
        browser.waitForText(By.id("notice"), "You are logged out.");
        browser.login(email, TestPlatform.PASSWORD);
        assertThat(browser.notice()).contains("Welcome, Sam Shopper");

        browser.go("/");
        browser.type("Search", "teapot");
        browser.clickButton("Apply");
        browser.waitForText(By.id("result-count"), "1 product");
        assertThat(browser.driver().getCurrentUrl()).contains("search=teapot");
        assertThat(names()).containsExactly("Blue Teapot");
        browser.screenshot("catalog-search");

        browser.go("/catalog?category=kitchen&in_stock=true&sort=price");
        browser.waitForText(By.id("result-count"), "2 products");
        assertThat(names()).as("in stock only, cheapest first").containsExactly("Green Mug", "Blue Teapot");
        assertThat(browser.mainText()).contains("USD 7.50", "USD 19.90").doesNotContain("Red Kettle");
        assertThat(browser.find(By.id("in-stock")).isSelected()).isTrue();
        browser.screenshot("catalog-filtered");

        browser.click(By.cssSelector("[aria-label='Add Blue Teapot to cart']"));
        browser.waitForText(By.id("notice"), "Added 1 × Blue Teapot");
        browser.click(By.cssSelector("[aria-label='Add Green Mug to cart']"));
        browser.waitForText(By.id("notice"), "Added 1 × Green Mug");

        browser.go("/cart");
        assertThat(browser.find(By.id("cart-total")).getText()).isEqualTo("USD 27.40");
        WebElement mugQuantity = browser.field("Quantity of Green Mug");
        mugQuantity.clear();
        mugQuantity.sendKeys("3");
        browser.find(By.cssSelector("[data-product-id='" + mug + "'] button.update")).click();
        browser.waitForText(By.id("cart-total"), "USD 42.40");
        browser.screenshot("cart");
        JsonObject cart = calls.get("/api/cart", token(email)).bodyAsJsonObject();
        assertThat(cart.getInteger("item_count")).isEqualTo(4);

        browser.click(By.id("to-checkout"));
        browser.waitForHeading("Checkout");
        browser.fillShippingAddress();
        browser.screenshot("checkout");
        browser.click(By.id("place-order"));
        browser.waitForHeading("Payment");
        assertThat(browser.find(By.id("pay-total")).getText()).isEqualTo("USD 42.40");
        browser.type("Name on card", "Sam Shopper");
        browser.screenshot("payment");
        browser.click(By.id("pay"));
        browser.waitForText(By.id("order-status"), "paid");
        browser.screenshot("order-paid");
        String paidOrder = browser.find(By.id("order-id")).getText();
        JsonObject stored = calls.get("/api/orders/" + paidOrder, token(email)).bodyAsJsonObject();
        assertThat(stored.getString("status")).isEqualTo("paid");
        assertThat(stored.getJsonObject("shipping_address").getString("city")).isEqualTo("Lisbon");
        assertThat(stock(teapot)).isEqualTo(4);
        assertThat(stock(mug)).isEqualTo(7);

        browser.go("/product/" + hose);
        browser.type("Quantity", "2");
        browser.click(By.id("add-to-cart"));
        browser.waitForText(By.id("notice"), "Added 2 × Garden Hose");
        browser.screenshot("product");
        browser.go("/checkout");
        browser.fillShippingAddress();
        browser.click(By.id("place-order"));
        browser.waitForHeading("Payment");
        assertThat(stock(hose)).as("reserved by the unpaid order").isEqualTo(1);

        browser.go("/orders");
        browser.waitFor(By.id("orders"));
        assertThat(browser.findAll(By.cssSelector("#orders tbody tr"))).hasSize(2);
        browser.screenshot("orders");
        WebElement pending = browser.find(By.xpath("//tr[.//span[@data-status='pending_payment']]"));
        String pendingId = pending.getAttribute("data-order-id");
        pending.findElement(By.cssSelector("button.cancel")).click();
        browser.driver().switchTo().alert().accept();
        browser.waitForText(By.id("notice"), "Order cancelled.");
        browser.waitFor(By.cssSelector("tr[data-order-id='" + pendingId + "'] [data-status='cancelled']"));
        assertThat(calls.get("/api/orders/" + pendingId, token(email)).bodyAsJsonObject().getString("status"))
                .isEqualTo("cancelled");
        assertThat(stock(hose)).as("the cancelled order's units are back").isEqualTo(3);
        browser.go("/product/" + hose);
        browser.waitForText(By.id("stock"), "3 in stock");
        assertThat(browser.pagesTooWideForPhones()).as("pages that scroll sideways at 375 px").isEmpty();
        assertThat(browser.unnamedControls()).as("controls without a label or name").isEmpty();
    }

    @Test
    @DisplayName("a shopper finds a product and puts it in the cart with the keyboard alone")
    void keyboardOnly() throws Exception {
        String lamp = product("Keyboard Lamp", "12.00", "keyboard", 4);
        Users.Session shopper = await(platform.users().user());
        browser.login(shopper.email(), TestPlatform.PASSWORD);
        browser.go("/");
        browser.tabTo("Search").sendKeys("keyboard lamp", Keys.ENTER);
        browser.waitForText(By.id("result-count"), "1 product");
        browser.tabTo("Add Keyboard Lamp to cart").sendKeys(Keys.ENTER);
        browser.waitForText(By.id("notice"), "Added 1 × Keyboard Lamp");
        JsonObject cart = calls.get("/api/cart", shopper.accessToken()).bodyAsJsonObject();
        assertThat(cart.getJsonArray("items")).hasSize(1);
        assertThat(cart.getJsonArray("items").getJsonObject(0).getString("product_id")).isEqualTo(lamp);
        assertThat(stock(lamp)).as("a cart reserves nothing").isEqualTo(4);
    }

    @Test
    @DisplayName("the catalog pages through results with shareable URLs and says when nothing matches")
    void pagination() throws Exception {
        for (int i = 1; i <= 14; i++) {
            product("Pager item " + i, "1.00", "paging", 1);
        }
        browser.go("/catalog?category=paging&sort=name");
        browser.waitForText(By.id("result-count"), "14 products · page 1 of 2");
        assertThat(names()).hasSize(12);
        browser.click(By.cssSelector("a[rel=next]"));
        browser.waitForText(By.id("result-count"), "page 2 of 2");
        assertThat(browser.driver().getCurrentUrl()).contains("page=2");
        assertThat(names()).hasSize(2);
        browser.go("/catalog?search=no-such-thing-anywhere");
        browser.waitForText(By.id("no-results"), "No product matches these filters.");
    }

    private static List<String> names() {
        return browser.findAll(By.cssSelector("#products .product-link")).stream().map(WebElement::getText).toList();
    }


    private static String product(String name, String price, String category, int stock) throws Exception {
        JsonObject created = calls.post("/api/products", vendorToken, new JsonObject().put("name", name)
                .put("description", name + " for the browser test").put("price", new BigDecimal(price))
                .put("category", category).put("stock", stock)).bodyAsJsonObject();
        return created.getString("id");
    }

    private static int stock(String productId) throws Exception {
        return calls.get("/api/products/" + productId, null).bodyAsJsonObject().getInteger("stock");
    }

    private static String token(String email) throws Exception {
        return await(platform.users().login(email, TestPlatform.PASSWORD)).getString("access_token");
    }
}
