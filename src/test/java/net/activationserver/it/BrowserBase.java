package net.activationserver.it;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The console in a real browser: each test class gets its own server (Payara Micro, or WildFly for the WildFly runs), each test a fresh headless chromium
 * (Debian's, through /usr/bin/chromedriver; Selenium Manager never downloads one), with the waits and reads of a
 * PrimeFaces page. A wait that runs out keeps the page in {@code target/<label>-failure.html} and {@code .png}.
 */
abstract class BrowserBase {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("docs", "screenshots");

    static ServerProcess server;
    static Http http;
    static URI base;

    /** This test's browser, from the sign-in on; quit after the test. */
    ChromeDriver browser;
    private final String label;
    private final List<Path> temporary = new ArrayList<>();

    /** @param label names this class's temporary folders and failure files */
    BrowserBase(String label) {
        this.label = label;
    }

    /** Starts this class's own server with these settings and waits until it serves. */
    static void serve(Map<String, String> settings) throws Exception {
        server = ServerProcess.start(settings);
        server.awaitServing(Duration.ofMinutes(4));
        base = server.base();
        http = new Http(base);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        for (Path dir : temporary) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Starts a browser and types the sign-in form; what follows is the caller's to check. */
    void signInAttempt(String username, String password) {
        browser = chromium();
        open("console/");
        waitFor(By.id("login:username")).sendKeys(username);
        browser.findElement(By.id("login:password")).sendKeys(password);
        browser.findElement(By.id("login:signIn")).click();
    }

    /** A browser with the shared options; a test class that needs more builds on {@link #options()} and {@link #launch}. */
    ChromeDriver chromium() {
        return launch(options());
    }

    /** Headless, a window of 1280 x 800 (the page is made exactly that size in {@link #launch}), and a profile of its own (removed after the test). */
    ChromeOptions options() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800",
                "--user-data-dir=" + temporaryDirectory("chromium").toAbsolutePath());
        return options;
    }

    /** Starts chromium through the local driver, named explicitly. */
    static ChromeDriver launch(ChromeOptions options) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        // the page itself 1280 x 800 (headless chromium's window counts its own frame in --window-size)
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        return driver;
    }

    /** A folder for this test only, removed after it. */
    Path temporaryDirectory(String purpose) {
        try {
            Path dir = Files.createTempDirectory(label + "-" + purpose);
            temporary.add(dir);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void open(String path) {
        browser.get(base.resolve(path).toString());
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits for a condition on the page; on a timeout keeps the page as it was for reading after the failure. */
    void waitUntil(BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                    .until(driver -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            Path page = Path.of("target", label + "-failure.html");
            try {
                Files.writeString(page, browser.getPageSource());
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", label + "-failure.png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException ignored) {
                // only a diagnostic: the failure itself is what matters
            }
            throw new AssertionError("not within " + WAIT + "; messages: " + growl() + "; page kept in " + page, e);
        }
    }

    /** Waits until PrimeFaces has no ajax request queued or running. */
    void ajaxDone() {
        waitUntil(() -> Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
                "return !!window.PrimeFaces && PrimeFaces.ajax.Queue.isEmpty() && (!window.jQuery || jQuery.active === 0);")));
    }

    /** The text of the first element found, empty when there is none. */
    String text(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** The growl's messages, one a line. */
    String growl() {
        return browser.findElements(By.cssSelector(".ui-growl-message")).stream().map(WebElement::getText)
                .reduce("", (a, b) -> a + "\n" + b);
    }

    /** The WCAG 2.1 A and AA rules of axe-core. */
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    /**
     * The page's WCAG 2.1 A/AA violations as axe-core finds them, one line per rule: its id, how many elements break it, and
     * the first few of them. Also appended to {@code target/axe-<label>.txt} with the page's name, for reading after a run.
     */
    List<String> accessibilityViolations(String page) {
        Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(browser);
        List<String> lines = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            StringBuilder line = new StringBuilder(rule.getId() + " (" + rule.getNodes().size() + "): " + rule.getHelp());
            rule.getNodes().stream().limit(3).forEach(node -> line.append("\n    ").append(node.getTarget()).append(" ")
                    .append(node.getHtml().length() > 160 ? node.getHtml().substring(0, 160) + "..." : node.getHtml()));
            lines.add(line.toString());
        }
        try {
            Files.writeString(Path.of("target", "axe-" + label + ".txt"), "== " + page + ": " + results.getViolations().stream()
                            .map(rule -> rule.getId() + " " + rule.getNodes().size()).toList() + "\n" + String.join("\n", lines) + "\n",
                    java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    /** Saves the page as docs/screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
