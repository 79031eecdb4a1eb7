package net.activationserver.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in a real browser (Debian's chromium, headless, through /usr/bin/chromedriver) against the packaged
 * WAR on its own Payara Micro and database: sign-in, roles, Metered Licensing, License Management, sign-out, headers.
 * Each page is saved as a screenshot in docs/screenshots/.
 */
class ConsoleIT {

    private static final String TYPE = "VLM-CONSOLE";
    private static final Path SCREENSHOTS = Path.of("docs", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static PayaraProcess server;
    private static Http http;
    private static URI base;

    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void startServer() throws Exception {
        server = PayaraProcess.start(Fixtures.serverSettings(Fixtures.freshDatabase("asl_console")));
        server.awaitServing(Duration.ofMinutes(4));
        base = server.base();
        http = new Http(base);
        assertEquals(201, http.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-CONSOLE-1", 10, TYPE, "8", "VLM-5000G", "4")).status());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void adminSeesDeregistersAndManagesLicenses() throws Exception {
        String mac = Fixtures.mac();
        JsonObject activated = activate(mac);
        String id = activated.getString("instanceId");
        String token = activated.getString("instanceToken");

        signIn("admin", Http.ADMIN_PASSWORD);
        assertTrue(text(By.id("signed-in-as")).contains("admin (admin)"), browser.getPageSource());
        waitFor(By.cssSelector("#seats canvas"));
        screenshot("dashboard");

        open("console/instances.xhtml");
        browser.findElement(By.id("instances:mac")).sendKeys(mac.toLowerCase());
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> rows().size() == 1 && text(By.id("instances:table")).contains(mac));
        assertTrue(text(By.id("instances:table")).contains("ACTIVE"));
        screenshot("metered-licensing");

        browser.findElement(By.cssSelector("#instances\\:table .deregister")).click();
        WebElement yes = new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes")));
        assertTrue(text(By.cssSelector(".ui-confirm-dialog")).contains("Deregister " + mac));
        screenshot("metered-licensing-confirm");
        yes.click();
        waitUntil(() -> growl().contains("Instance " + mac + " deregistered"));
        waitUntil(() -> text(By.id("instances:table")).contains("DEREGISTERED"));
        assertTrue(browser.findElements(By.cssSelector("#instances\\:table .deregister")).isEmpty(), "no deregister for a deregistered one");

        Http.Answer beat = http.instance("POST", "api/v1/instances/" + id + "/heartbeat", token, null);
        assertEquals(410, beat.status(), beat.toString());
        assertEquals("ASL_DEREGISTERED", beat.code());

        open("console/licenses.xhtml");
        browser.findElement(By.id("licenses:licenseFile")).sendKeys(Fixtures.licenseFile("L-CONSOLE-2", 5, "VLM-MAX", "3"));
        browser.findElement(By.id("licenses:install")).click();
        waitUntil(() -> growl().contains("License file L-CONSOLE-2 installed for IT Corp"));
        waitUntil(() -> text(By.id("licenses:files")).contains("L-CONSOLE-2"));
        assertTrue(text(By.id("licenses:files")).contains("Installed on the server"), text(By.id("licenses:files")));
        screenshot("license-management");

        String tampered = Fixtures.licenseFile("L-CONSOLE-3", 500, "VLM-MAX", "300");
        tampered = tampered.substring(0, tampered.length() - 6) + (tampered.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        WebElement area = browser.findElement(By.id("licenses:licenseFile"));
        area.clear();
        area.sendKeys(tampered);
        browser.findElement(By.id("licenses:install")).click();
        waitUntil(() -> growl().contains("The license file was refused"));
        assertTrue(growl().contains("Nothing was changed"), growl());
        assertFalse(text(By.id("licenses:files")).contains("L-CONSOLE-3"));

        open("console/logs.xhtml");
        waitUntil(() -> text(By.id("logs:tabs")).contains("deregistered by admin"));
        screenshot("logs");
        browser.findElement(By.id("logs:text")).sendKeys("L-CONSOLE-2");
        browser.findElement(By.id("logs:search")).click();
        waitUntil(() -> !text(By.id("logs:tabs")).contains("deregistered by admin") && text(By.id("logs:tabs")).contains("L-CONSOLE-2"));
        browser.findElement(By.id("logs:text")).clear();
        ((JavascriptExecutor) browser).executeScript("PF('widget_logs_kind').selectValue('ADMIN')");
        browser.findElement(By.id("logs:search")).click();
        waitUntil(() -> text(By.id("logs:tabs")).contains("deregistered by admin") && !text(By.id("logs:tabs")).contains("Activating ASL instance"));

        browser.findElement(By.id("session:signOut")).click();
        waitFor(By.id("signedOut"));
        open("console/index.xhtml");
        waitFor(By.id("login:username"));
        assertTrue(browser.getCurrentUrl().contains("/console/login.xhtml"), browser.getCurrentUrl());
    }

    @Test
    void viewerSeesButCannotDeregister() throws Exception {
        String mac = Fixtures.mac();
        String id = activate(mac).getString("instanceId");
        Http.Answer created = http.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"console-viewer\",\"password\":\"viewer-password-1\",\"role\":\"viewer\"}");
        assertTrue(created.status() == 201 || created.status() == 409, created.toString());

        signIn("console-viewer", "viewer-password-1");
        assertTrue(text(By.id("signed-in-as")).contains("console-viewer (viewer)"));
        open("console/instances.xhtml");
        browser.findElement(By.id("instances:mac")).sendKeys(mac);
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> rows().size() == 1 && text(By.id("instances:table")).contains(mac));
        assertTrue(browser.findElements(By.cssSelector(".deregister")).isEmpty(), "a viewer sees no deregister button");

        // Forced: post the admin's deregister button as if it were there, with this view's state.
        ((JavascriptExecutor) browser).executeScript(
                "var f = document.getElementById('instances'); var i = document.createElement('input'); i.type = 'hidden';"
                        + " i.name = 'instances:table:0:deregister'; i.value = 'instances:table:0:deregister'; f.appendChild(i); f.submit();");
        waitFor(By.id("instances:table"));
        assertEquals("ACTIVE", http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("status"));

        open("console/licenses.xhtml");
        assertTrue(browser.findElements(By.id("licenses:licenseFile")).isEmpty(), "a viewer sees no upload");
    }

    @Test
    void adminManagesAccounts() {
        signIn("admin", Http.ADMIN_PASSWORD);
        open("console/users.xhtml");
        waitFor(By.id("add:username")).sendKeys("console-new");
        browser.findElement(By.id("add:password")).sendKeys("short");
        browser.findElement(By.id("add:addAccount")).click();
        waitUntil(() -> text(By.id("add")).contains("must be 8 to 200 characters"));
        assertFalse(text(By.id("accounts:table")).contains("console-new"), "bad input saves nothing");

        WebElement password = browser.findElement(By.id("add:password"));
        password.clear();
        password.sendKeys("console-new-password");
        browser.findElement(By.id("add:addAccount")).click();
        waitUntil(() -> growl().contains("Account console-new (viewer) added."));
        waitUntil(() -> text(By.id("accounts:table")).contains("console-new"));
        screenshot("users");
        assertEquals(200, http.as("console-new", "console-new-password", "GET", "api/v1/admin/pool", null, null).status());

        WebElement row = browser.findElements(By.cssSelector("#accounts\\:table_data tr")).stream()
                .filter(r -> r.getText().contains("console-new")).findFirst().orElseThrow();
        row.findElement(By.cssSelector("[id$='disable']")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes"))).click();
        waitUntil(() -> growl().contains("Account console-new is now viewer, disabled."));
        waitUntil(() -> text(By.id("accounts:table")).contains("no (cannot sign in)"));
    }

    @Test
    void adminSetsApplianceAccess() {
        signIn("admin", Http.ADMIN_PASSWORD);
        open("console/settings.xhtml");
        waitFor(By.id("access:address")).sendKeys("10.0.0.300");
        browser.findElement(By.id("access:port")).sendKeys("8443");
        browser.findElement(By.id("access:save")).click();
        waitUntil(() -> text(By.id("access")).contains("must be an IPv4 or IPv6 address"));

        WebElement address = browser.findElement(By.id("access:address"));
        address.clear();
        address.sendKeys("10.0.0.30");
        browser.findElement(By.id("access:hostname")).sendKeys("k360central.example.com");
        browser.findElement(By.id("access:save")).click();
        waitUntil(() -> growl().contains("Appliance access saved. Give appliances host name k360central.example.com, port 8443."));
        assertFalse(text(By.id("version")).isBlank() || text(By.id("version")).equals("unknown"), text(By.id("about")));
        String nodes = text(By.id("nodes"));
        assertTrue(nodes.contains(text(By.id("node")) + " (this node)") && nodes.contains("UP") && nodes.contains(text(By.id("version"))),
                "the node registry lists this node: " + nodes);
        screenshot("settings");

        open("console/settings.xhtml");
        assertEquals("10.0.0.30", waitFor(By.id("access:address")).getAttribute("value"), "kept");
    }

    @Test
    void wrongPasswordIsRefusedOnThePage() {
        signInAttempt("admin", "not-the-password");
        waitUntil(() -> text(By.id("login:messages")).contains("Sign-in failed"));
        screenshot("sign-in");
    }

    @Test
    void consolePagesNeedASignInAndCarrySecurityHeaders() {
        Http.Answer page = http.plain("GET", "console/index.xhtml", null, null);
        assertEquals(302, page.status(), page.toString());
        assertTrue(page.header("Location").endsWith("/console/login.xhtml"), page.header("Location"));

        Http.Answer login = http.plain("GET", "console/login.xhtml", null, null);
        assertEquals(200, login.status(), login.toString());
        assertEquals("nosniff", login.header("X-Content-Type-Options"));
        assertEquals("DENY", login.header("X-Frame-Options"));
        assertTrue(login.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertNotNull(login.header("Referrer-Policy"));

        // the API answers exactly as before: Basic, problem+json
        Http.Answer api = http.plain("GET", "api/v1/admin/pool", null, null);
        assertEquals(401, api.status(), api.toString());
        assertTrue(api.contentType().startsWith("application/problem+json"), api.toString());
        assertNotNull(api.header("WWW-Authenticate"));
        assertEquals(200, http.admin("GET", "api/v1/admin/pool", null, null).status());
    }

    @Test
    void signedInPagesCarrySecurityHeaders() {
        signIn("admin", Http.ADMIN_PASSWORD);
        // the browser's session cookie, reused by a plain client
        String cookie = browser.manage().getCookieNamed("JSESSIONID").getValue();
        for (String page : List.of("console/index.xhtml", "console/instances.xhtml", "console/licenses.xhtml", "console/logs.xhtml")) {
            Http.Answer answer = http.plain("GET", page, null, null, "Cookie", "JSESSIONID=" + cookie);
            assertEquals(200, answer.status(), page + " " + answer);
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), page);
            assertEquals("DENY", answer.header("X-Frame-Options"), page);
            assertTrue(answer.header("Content-Security-Policy").contains("frame-ancestors 'none'"), page);
            assertNotNull(answer.header("Referrer-Policy"), page);
            assertFalse(answer.body().contains("java.lang.") || answer.body().contains("at net.activationserver"), page + ": no stack trace");
        }
    }

    private JsonObject activate(String mac) {
        Http.Answer answer = http.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE));
        assertEquals(201, answer.status(), answer.toString());
        return answer.json();
    }

    private void signIn(String username, String password) {
        signInAttempt(username, password);
        waitFor(By.id("signed-in-as"));
        assertTrue(browser.getCurrentUrl().contains("/console/index.xhtml"), browser.getCurrentUrl());
    }

    private void signInAttempt(String username, String password) {
        browser = chromium();
        open("console/");
        waitFor(By.id("login:username")).sendKeys(username);
        browser.findElement(By.id("login:password")).sendKeys(password);
        browser.findElement(By.id("login:signIn")).click();
    }

    private WebDriver chromium() {
        try {
            profile = Files.createTempDirectory("console-it-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        // the local driver, named explicitly: Selenium Manager never downloads one
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    private void open(String path) {
        browser.get(base.resolve(path).toString());
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }

    private String text(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private String growl() {
        return browser.findElements(By.cssSelector(".ui-growl-message")).stream().map(WebElement::getText)
                .reduce("", (a, b) -> a + "\n" + b);
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#instances\\:table_data tr[data-ri]"));
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
