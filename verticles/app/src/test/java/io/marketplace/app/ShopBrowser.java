package io.marketplace.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One headless Debian chromium driven through {@code /usr/bin/chromedriver}, for the storefront's browser tests.
 * Selenium Manager is never asked for anything (the machine has no internet): both binaries are named explicitly,
 * and where either is missing the test class is skipped with the reason, never passed.
 */
final class ShopBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("storefront.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("storefront.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final List<ShopBrowser> OPEN = new CopyOnWriteArrayList<>();

    private final ChromeDriver driver;
    private final List<String> tooWide = new CopyOnWriteArrayList<>();
    private final List<String> unnamed = new CopyOnWriteArrayList<>();
    private final String base;
    private final String name;
    private final WebDriverWait wait;

    private ShopBrowser(ChromeDriver driver, String base, String name) {
        this.driver = driver;
        this.base = base;
        this.name = name;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** Whether this machine has a browser to drive. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Skips the calling test, with the reason, when this machine has no browser to drive. Call it before each test:
     * surefire reports a test skipped this way with its reason, but a whole class skipped from its set-up as no test
     * at all.
     */
    static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM
                + " (apt-get install chromium chromium-driver); browser tests skipped");
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "no chromedriver at " + CHROMEDRIVER
                + " (apt-get install chromium-driver); browser tests skipped");
    }

    /** A new browser (its own profile, so its own session storage) aimed at the gateway on this port. */
    static ShopBrowser open(int port, String name) {
        assumeAvailable();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        System.setProperty("se.avoid.browser.download", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-extensions", "--no-first-run", "--window-size=1440,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        ShopBrowser browser = new ShopBrowser(driver, "http://127.0.0.1:" + port, name);
        OPEN.add(browser);
        return browser;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens a hash route, e.g. {@code /catalog?search=x}, and waits until the page drew its heading. */
    ShopBrowser go(String route) {
        String url = base + "/#" + route;
        List<WebElement> shown = driver.findElements(By.cssSelector("main > .view"));
        if (url.equals(driver.getCurrentUrl())) {
            driver.navigate().refresh();
        } else {
            driver.get(url);
        }
        if (!shown.isEmpty()) {
            wait.until(ExpectedConditions.stalenessOf(shown.get(0)));
        }
        waitFor(By.cssSelector("main > .view h1"));
        return this;
    }

    WebElement waitFor(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void waitForText(By locator, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    <T> T waitUntil(Function<WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(condition::apply);
    }

    void waitForHeading(String heading) {
        waitForText(By.cssSelector("main h1"), heading);
    }

    WebElement find(By locator) {
        return driver.findElement(locator);
    }

    List<WebElement> findAll(By locator) {
        return driver.findElements(locator);
    }

    /** The input labelled with this text (labels name every input). */
    WebElement field(String label) {
        WebElement labelElement = waitFor(By.xpath("//main//label[normalize-space(.)='" + label + "']"));
        return driver.findElement(By.id(labelElement.getAttribute("for")));
    }

    ShopBrowser type(String label, String text) {
        WebElement input = field(label);
        input.clear();
        input.sendKeys(text);
        return this;
    }

    void click(By locator) {
        wait.until(ExpectedConditions.elementToBeClickable(locator)).click();
    }

    void clickButton(String text) {
        click(By.xpath("//main//button[normalize-space(.)='" + text + "']"));
    }

    /** The notice area's text once it shows a message. */
    String notice() {
        WebElement notice = waitFor(By.id("notice"));
        return notice.getText();
    }

    String mainText() {
        return find(By.tagName("main")).getText();
    }

    /** Logs in through the page (replacing any session the browser had) and waits until the page shows the user. */
    void login(String email, String password) {
        go("/login");
        type("Email", email).type("Password", password);
        clickButton("Log in");
        waitForText(By.cssSelector("[data-testid=who]"), email);
    }

    /** Fills the checkout page's shipping address with one valid address. */
    void fillShippingAddress() {
        type("Full name", "Sam Shopper").type("Street and number", "Rua Augusta 1")
                .type("City", "Lisbon").type("Postal code", "1100-048").type("Country", "Portugal");
    }

    /**
     * Writes a PNG of the page at both widths the shop is designed for under target/screenshots, and notes whether
     * the page fits a phone and names every control ({@link #pagesTooWideForPhones}, {@link #unnamedControls}).
     */
    void screenshot(String page) {
        unnamedControls(page).forEach(unnamed::add);
        try {
            Files.createDirectories(SCREENSHOTS);
            for (int width : new int[] {1440, 375}) {
                driver.manage().window().setSize(new Dimension(width, 1000));
                ((JavascriptExecutor) driver).executeScript("return document.body.offsetHeight");
                if (width == 375 && overflowsHorizontally()) {
                    tooWide.add(page);
                }
                Path file = SCREENSHOTS.resolve(name + "-" + page + "-" + width + ".png");
                Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            }
            driver.manage().window().setSize(new Dimension(1440, 1000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pages screenshot so far that did not fit 375 px without scrolling sideways. */
    List<String> pagesTooWideForPhones() {
        return List.copyOf(tooWide);
    }

    /**
     * Controls of the page a screen reader could not name: a form field without a label (or aria-label), a button or
     * link without text (or aria-label). Each as "page: element".
     */
    @SuppressWarnings("unchecked")
    List<String> unnamedControls(String page) {
        List<String> found = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                const named = e => (e.getAttribute('aria-label') || '').trim() || e.getAttribute('aria-labelledby');
                const fields = [...document.querySelectorAll('input, select, textarea')]
                    .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !named(e));
                const actions = [...document.querySelectorAll('button, a[href]')]
                    .filter(e => !e.textContent.trim() && !named(e) && !e.title);
                return [...fields, ...actions].map(e => e.outerHTML.slice(0, 120));
                """);
        return found.stream().map(element -> page + ": " + element).toList();
    }

    /** The controls without an accessible name on the pages screenshot so far. */
    List<String> unnamedControls() {
        return List.copyOf(unnamed);
    }

    /** Presses Tab until the focused element has this accessible name (aria-label, label or text); fails if never. */
    WebElement tabTo(String name) {
        for (int presses = 0; presses < 80; presses++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            Object focused = ((JavascriptExecutor) driver).executeScript("""
                    const e = document.activeElement;
                    return (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent)
                        || e.textContent || '').trim();
                    """);
            if (name.equals(focused)) {
                return driver.switchTo().activeElement();
            }
        }
        throw new AssertionError("Tab never reached '" + name + "' on " + driver.getCurrentUrl());
    }

    /** True when the page is wider than the window (a layout that does not fit this width). */
    boolean overflowsHorizontally() {
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth + 1");
        return Boolean.TRUE.equals(overflow);
    }

    @Override
    public void close() {
        OPEN.remove(this);
        driver.quit();
    }

    /** On a failed test, every open browser's page as a screenshot and as text, for the report. */
    static final class DumpOnFailure implements TestWatcher {

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (ShopBrowser browser : OPEN) {
                try {
                    String page = "FAILED-" + context.getRequiredTestMethod().getName();
                    browser.screenshot(page);
                    Files.writeString(SCREENSHOTS.resolve(browser.name + "-" + page + ".txt"),
                            browser.driver.getCurrentUrl() + "\n\n" + browser.driver.getPageSource());
                } catch (RuntimeException | IOException e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }
}
