package io.marketplace.app;

import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.math.BigDecimal;
import java.time.Duration;

import static io.marketplace.app.BlockingCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vendor's journey through the storefront in a real browser: a product made in the page reaches the catalog and,
 * restocked, another browser's open product page; a paid order is shipped and delivered on the Sales page. Each step
 * is checked on the page and through the API.
 */
@ExtendWith(ShopBrowser.DumpOnFailure.class)
class StorefrontVendorBrowserTest {

    /** Live updates arrive by polling or over the event-bus bridge; either way well within this. */
    private static final Duration LIVE = Duration.ofSeconds(30);

    @RegisterExtension
    static final ShopUnderTest SHOP = new ShopUnderTest(WholePlatform.builder(), "vendor");
    private static TestPlatform platform;
    private static BlockingCalls calls;
    private static ShopBrowser browser;
    /** A second browser, with its own session, that follows the vendor's changes. */
    private static ShopBrowser watcher;

    @BeforeAll
    static void openWatcher() {
        watcher = ShopBrowser.open(platform.port(), "watcher");
    }

    @AfterAll
    static void closeWatcher() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    @DisplayName("a vendor creates a product and finds it in the catalog, restocks it while another browser's product "
            + "page follows live, then ships and delivers its paid order on the Sales page")
    void vendorJourney() throws Exception {
        Session vendor = await(platform.users().vendor());
        browser.login(vendor.email(), TestPlatform.PASSWORD);

        browser.go("/vendor/products");
        browser.waitForText(By.tagName("main"), "You have no products yet.");
        browser.click(By.id("new-product"));
        browser.waitForHeading("New product");
        browser.type("Name", "Walnut Board").type("Description", "End-grain cutting board")
                .type("Price (USD)", "29.90").type("Category", "kitchen").type("Units in stock", "3");
        browser.screenshot("product-form");
        browser.click(By.id("save-product"));
        browser.waitForText(By.id("notice"), "Walnut Board created.");
        WebElement row = browser.waitFor(By.cssSelector("#my-products tbody tr"));
        String product = row.getAttribute("data-product-id");
        assertThat(row.getText()).contains("Walnut Board", "kitchen", "USD 29.90", "3");
        JsonObject stored = product(product);
        assertThat(stored.getString("vendor_id")).isEqualTo(vendor.userId());
        assertThat(new BigDecimal(stored.getValue("price").toString())).isEqualByComparingTo("29.90");
        assertThat(stored.getInteger("stock")).isEqualTo(3);

        browser.go("/catalog?search=walnut");
        browser.waitForText(By.id("result-count"), "1 product");
        assertThat(browser.findAll(By.cssSelector("#products .product-link")).stream().map(WebElement::getText))
                .containsExactly("Walnut Board");
        assertThat(browser.mainText()).contains("USD 29.90", "3 in stock");

        watcher.go("/product/" + product);
        watcher.waitForText(By.id("stock"), "3 in stock");

        browser.go("/vendor/products");
        WebElement units = browser.waitFor(By.id("restock-" + product));
        units.clear();
        units.sendKeys("5");
        browser.click(By.cssSelector("[data-product-id='" + product + "'] button.restock"));
        browser.waitForText(By.id("notice"), "Walnut Board: 8 in stock.");
        browser.waitForText(By.cssSelector("[data-product-id='" + product + "'] .stock"), "8");
        assertThat(product(product).getInteger("stock")).isEqualTo(8);
        watcher.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("stock"), "8 in stock"), LIVE);
        assertThat(watcher.driver().getCurrentUrl()).as("no navigation in the watching browser")
                .endsWith("#/product/" + product);
        watcher.screenshot("product-restocked");
        browser.screenshot("products");

        Session buyer = await(platform.users().user());
        String order = paidOrder(buyer, product, 2);
        assertThat(product(product).getInteger("stock")).isEqualTo(6);

        browser.go("/vendor/sales");
        By sale = By.cssSelector("#sales tr[data-order-id='" + order + "']");
        WebElement paid = browser.waitFor(sale);
        assertThat(paid.findElement(By.cssSelector("[data-status]")).getText()).isEqualTo("paid");
        assertThat(paid.getText()).contains("2 × Walnut Board", "USD 59.80", "Lisbon");
        assertThat(paid.findElements(By.cssSelector("button.deliver"))).isEmpty();
        assertThat(browser.find(By.id("sales-count")).getText()).isEqualTo("1 order");
        browser.screenshot("sales");

        paid.findElement(By.cssSelector("button.ship")).click();
        browser.waitForText(By.id("notice"), "marked shipped.");
        browser.waitFor(By.cssSelector("#sales tr[data-order-id='" + order + "'] [data-status='shipped']"));
        assertThat(status(order, buyer)).isEqualTo("shipped");
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getText()).as("the next step has the keyboard focus").isEqualTo("Mark delivered");
        focused.sendKeys(Keys.ENTER);
        browser.waitForText(By.id("notice"), "marked delivered.");
        WebElement delivered = browser.waitFor(By.cssSelector("#sales tr[data-order-id='" + order
                + "'] [data-status='delivered']"));
        assertThat(delivered.getText()).isEqualTo("delivered");
        assertThat(browser.findAll(By.cssSelector("#sales tr[data-order-id='" + order + "'] button"))).isEmpty();
        assertThat(status(order, buyer)).isEqualTo("delivered");
        assertThat(product(product).getInteger("stock")).as("shipping moves no stock").isEqualTo(6);

        new Select(browser.find(By.id("sales-status"))).selectByVisibleText("Paid: to ship");
        browser.click(By.id("sales-apply"));
        browser.waitForText(By.id("no-sales"), "No orders with this status.");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/vendor/sales?status=paid");
        browser.go("/vendor/sales?status=delivered");
        browser.waitFor(sale);
        assertThat(browser.find(By.id("sales-count")).getText()).isEqualTo("1 order");
        browser.screenshot("sales-delivered");

        Session admin = await(platform.users().admin());
        browser.login(admin.email(), TestPlatform.ADMIN_PASSWORD);
        browser.go("/admin/categories");
        browser.waitForText(By.id("categories"), "kitchen");
        browser.screenshot("admin-categories");
        browser.go("/vendor/sales");
        browser.waitFor(sale);
        assertThat(browser.mainText()).contains("Every order in the shop.");
        browser.screenshot("admin-sales");
        assertThat(browser.pagesTooWideForPhones()).as("pages that scroll sideways at 375 px").isEmpty();
        assertThat(watcher.pagesTooWideForPhones()).as("pages that scroll sideways at 375 px").isEmpty();
        assertThat(browser.unnamedControls()).as("controls without an accessible name").isEmpty();
        assertThat(watcher.unnamedControls()).as("controls without an accessible name").isEmpty();
    }

    @Test
    @DisplayName("shipping an order its buyer cancelled meanwhile says why in the page, not as JSON, and shows the "
            + "order as it now stands")
    void shippingACancelledOrder() throws Exception {
        Session vendor = await(platform.users().vendor());
        String product = calls.post("/api/products", vendor.accessToken(), new JsonObject().put("name", "Oak Spoon")
                .put("price", new BigDecimal("4.50")).put("category", "kitchen").put("stock", 4))
                .bodyAsJsonObject().getString("id");
        Session buyer = await(platform.users().user());
        String order = paidOrder(buyer, product, 1);
        browser.login(vendor.email(), TestPlatform.PASSWORD);

        // Only paid orders are listed, so the cancelled order never reaches this page by itself: the click finds it
        // still offered for shipping.
        browser.go("/vendor/sales?status=paid");
        WebElement ship = browser.waitFor(By.cssSelector("#sales tr[data-order-id='" + order + "'] button.ship"));
        HttpResponse<Buffer> cancelled = calls.send(platform.http().post("/api/orders/" + order + "/cancel")
                .putHeader("Content-Length", "0"), buyer.accessToken(), null);
        assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
        ship.click();

        browser.waitForText(By.id("notice"), "could not be marked shipped");
        String notice = browser.notice();
        assertThat(notice).contains("This order can no longer be changed that way.").doesNotContain("{", "error");
        assertThat(browser.find(By.id("notice")).getAttribute("data-kind")).isEqualTo("error");
        browser.waitFor(By.cssSelector("#sales tr[data-order-id='" + order + "'] [data-status='cancelled']"));
        assertThat(browser.findAll(By.cssSelector("#sales tr[data-order-id='" + order + "'] button"))).isEmpty();
        browser.screenshot("sales-error");
        assertThat(status(order, buyer)).isEqualTo("cancelled");
        assertThat(product(product).getInteger("stock")).as("the cancelled sale's unit is back").isEqualTo(4);
        assertThat(browser.pagesTooWideForPhones()).as("pages that scroll sideways at 375 px").isEmpty();
    }

    /** The buyer's order of {@code quantity} units, shipped to Lisbon and paid (set up through the API). */
    private static String paidOrder(Session buyer, String product, int quantity) throws Exception {
        HttpResponse<Buffer> added = calls.post("/api/cart/items", buyer.accessToken(), new JsonObject()
                .put("product_id", product).put("quantity", quantity));
        assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> created = calls.post("/api/orders", buyer.accessToken(), new JsonObject()
                .put("shipping_address", new JsonObject().put("name", "Sam Shopper").put("street", "Rua Augusta 1")
                        .put("city", "Lisbon").put("postal_code", "1100-048").put("country", "Portugal")));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String order = created.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> paid = calls.post("/api/payments/process", buyer.accessToken(), new JsonObject()
                .put("order_id", order).put("payment_method", "credit_card").put("card_details", new JsonObject()));
        assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
        return order;
    }

    private static JsonObject product(String id) throws Exception {
        return calls.get("/api/products/" + id, null).bodyAsJsonObject();
    }

    private static String status(String order, Session buyer) throws Exception {
        return calls.get("/api/orders/" + order, buyer.accessToken()).bodyAsJsonObject().getString("status");
    }
}
