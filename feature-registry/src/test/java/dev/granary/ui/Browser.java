package dev.granary.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The headless Chromium the UI tests drive, one for the whole test JVM (the Debian packages {@code chromium} and
 * {@code chromium-driver}; other paths through {@code GRANARY_CHROMIUM} and {@code GRANARY_CHROMEDRIVER}). A missing
 * browser is an error, not a skip: CI installs it, so its absence means a broken machine.
 *
 * <p>Sharing it costs no isolation: each test class's server listens on its own port, so it is its own origin with
 * its own storage, and every {@link #open} loads the page afresh with a new query string.
 */
final class Browser {
    private static final Path BROWSER = Path.of(System.getenv().getOrDefault("GRANARY_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER =
            Path.of(System.getenv().getOrDefault("GRANARY_CHROMEDRIVER", "/usr/bin/chromedriver"));
    /** How long a page may take to show what a test waits for; only a failing test waits this long. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static Browser shared;

    private final ChromeDriver driver;
    private int loads;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** The test JVM's browser, started on first use and quit when the JVM exits. */
    static synchronized Browser shared() {
        if (shared == null) {
            Browser started = new Browser(start());
            Runtime.getRuntime().addShutdownHook(new Thread(started.driver::quit, "chromium-quit"));
            shared = started;
        }
        return shared;
    }

    /** Loads {@code hash} of the UI served on {@code port}, afresh, so no state of an earlier page survives. */
    void open(int port, String hash) {
        driver.get("http://127.0.0.1:" + port + "/?load=" + (++loads) + hash);
    }

    /** Opens the raw address {@code url}, as a user typing it would. */
    void go(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The text of the first element matching {@code css}, empty when there is none. */
    String textOf(String css) {
        List<WebElement> found = findAll(css);
        return found.isEmpty() ? "" : found.getFirst().getText();
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    String source() {
        return driver.getPageSource();
    }

    void back() {
        driver.navigate().back();
    }

    void forward() {
        driver.navigate().forward();
    }

    Set<Cookie> cookies() {
        return driver.manage().getCookies();
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Waits until {@code condition} gives a value (not null, not false) and returns it. */
    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Waits until {@code condition} holds; a timeout names {@code what} and shows what the page shows instead. */
    void waitUntil(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "the page never showed " + what + "; it shows:\n" + textOf("main"))
                .until(condition);
    }

    /** A folder that is deleted when the JVM exits if it is empty by then; for repositories and profiles. */
    static Path temporaryFolder(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChromeDriver start() {
        for (Path required : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(required)) {
                throw new IllegalStateException("The web UI tests need Chromium and chromedriver, but " + required
                        + " is missing or not executable. Install them with `sudo apt-get install -y chromium"
                        + " chromium-driver`, or point GRANARY_CHROMIUM / GRANARY_CHROMEDRIVER at them.");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000",
                "--user-data-dir=" + temporaryFolder("granary-chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
