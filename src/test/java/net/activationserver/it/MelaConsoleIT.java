package net.activationserver.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MELA Report tab of Metered Licensing in a real browser (headless chromium, as ConsoleIT), signed in as a viewer:
 * picks a range, sees the chart and the monthly view, downloads the CSV and finds it equal to the admin API's.
 * Usage is seeded as intervals over the last 75 days in the server's own database. Saves docs/screenshots/mela.png.
 */
class MelaConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VIEWER = "mela-console-viewer";
    private static final String VIEWER_PASSWORD = "viewer-password-1";
    private static PayaraProcess server;
    private static Http http;
    private static URI base;

    private ChromeDriver browser;
    private Path profile;
    private Path downloads;

    @BeforeAll
    static void startServer() throws Exception {
        String dbUrl = Fixtures.freshDatabase("asl_mela_console");
        server = PayaraProcess.start(Fixtures.serverSettings(dbUrl));
        server.awaitServing(Duration.ofMinutes(4));
        base = server.base();
        http = new Http(base);
        assertEquals(201, http.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"" + VIEWER + "\",\"password\":\"" + VIEWER_PASSWORD + "\",\"role\":\"viewer\"}").status());
        seed(dbUrl);
    }

    /** 75 days of appliances of three types coming and going, some still running now. */
    private static void seed(String dbUrl) throws Exception {
        Random random = new Random(5);
        Instant now = Instant.now();
        Instant first = LocalDate.now(ZoneOffset.UTC).minusDays(75).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Integer> fleet = Map.of("VLM-MAX", 40, "VLM-5000G", 25, "VLM-200", 12);
        try (Connection db = DriverManager.getConnection(dbUrl, System.getProperty("it.db.user", "root"), System.getProperty("it.db.password", ""));
             PreparedStatement insert = db.prepareStatement("INSERT INTO usage_interval (instance_id, license_type, started_at, ended_at) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, Integer> type : fleet.entrySet()) {
                for (int i = 0; i < type.getValue() * 4; i++) {
                    Instant start = first.plusSeconds(random.nextInt(75 * 86400));
                    Instant end = start.plus(Duration.ofMinutes(60 + random.nextInt(20 * 24 * 60)));
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, type.getKey());
                    insert.setObject(3, java.sql.Timestamp.from(start));
                    insert.setObject(4, end.isAfter(now) ? null : java.sql.Timestamp.from(end));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
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
        for (Path dir : new Path[]{profile, downloads}) {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void viewerPicksARangeSeesTheChartAndDownloadsTheCsv() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(59);
        signIn();
        open("console/instances.xhtml");
        waitFor(By.id("tabMela")).click();
        waitFor(By.id("mela:range_input"));
        assertTrue(browser.getCurrentUrl().contains("/console/mela.xhtml"), browser.getCurrentUrl());

        pick(from, today);
        browser.findElement(By.id("mela:show")).click();
        waitUntil(() -> text(By.id("shown")).contains(from + " to " + today));
        WebElement canvas = waitFor(By.cssSelector("#mela\\:chart canvas"));
        assertTrue(canvas.getSize().getHeight() > 100 && canvas.getSize().getWidth() > 300, "the chart is drawn: " + canvas.getSize());

        // the monthly view is the API's
        Http.Answer monthly = http.as(VIEWER, VIEWER_PASSWORD, "GET", "api/v1/admin/reports/mela?period=month&format=json&from=" + from + "&to=" + today, null, null);
        assertEquals(200, monthly.status(), monthly.toString());
        List<WebElement> rows = browser.findElements(By.cssSelector("#mela\\:months_data tr"));
        assertEquals(monthly.array().size(), rows.size(), text(By.id("mela:months")));
        String thisMonth = java.time.YearMonth.from(today).toString();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject month = monthly.array().get(i).asJsonObject();
            String row = rows.get(i).getText();
            assertTrue(row.startsWith(month.getString("month") + " " + month.getString("licenseType") + " " + month.getInt("peakSeatsInUse") + " "),
                    row + " vs " + month);
            // this month's instance-hours grow with today's between the page and the API call
            if (!month.getString("month").equals(thisMonth)) {
                assertTrue(row.endsWith(" " + new java.math.BigDecimal(month.getJsonNumber("instanceHours").toString()).stripTrailingZeros().toPlainString()),
                        row + " vs " + month);
            }
        }
        assertTrue(monthly.array().stream().map(JsonValue::asJsonObject).anyMatch(m -> m.getInt("peakSeatsInUse") > 0), monthly.body());
        screenshot("mela");

        browser.findElement(By.id("mela:download")).click();
        Path file = downloads.resolve("mela-" + from + "-" + today + ".csv");
        new WebDriverWait(browser, WAIT).until(driver -> Files.exists(file) && !Files.exists(Path.of(file + ".crdownload")));
        String downloaded = Files.readString(file, StandardCharsets.UTF_8);
        Http.Answer api = http.as(VIEWER, VIEWER_PASSWORD, "GET", "api/v1/admin/reports/mela?from=" + from + "&to=" + today, null, null);
        assertEquals(200, api.status());
        assertTrue(downloaded.startsWith("date,licenseType,peakSeatsInUse,averageSeatsInUse,instanceHours\r\n"), downloaded);
        assertEquals(60 * 3 + 1, downloaded.lines().count(), "60 days x 3 types and the header");
        // the same CSV as the API, except today's figures, which grow between the two requests
        assertEquals(withoutDay(api.body(), today), withoutDay(downloaded, today));
    }

    @Test
    void aBadRangeIsAMessageNotAFailure() {
        signIn();
        open("console/mela.xhtml");
        waitFor(By.id("mela:range_input"));
        pick(LocalDate.parse("1990-01-01"), LocalDate.parse("2026-01-01"));
        browser.findElement(By.id("mela:show")).click();
        waitUntil(() -> growl().contains("the range may span at most 3660 days"));
        assertFalse(browser.findElement(By.id("failure")).isDisplayed(), "no failure dialog");
        assertTrue(text(By.id("shown")).contains(LocalDate.now(ZoneOffset.UTC).minusDays(29) + " to "), "the last range shown stays");
    }

    /** Picks the range in the date picker as two clicks on days do (its day-select handler; no month paging through the panel). */
    private void pick(LocalDate first, LocalDate last) {
        ((JavascriptExecutor) browser).executeScript("var picker = PF('melaRange').jq;"
                        + " picker.datePicker('onDateSelect', null, {year: arguments[0], month: arguments[1] - 1, day: arguments[2], selectable: true});"
                        + " picker.datePicker('onDateSelect', null, {year: arguments[3], month: arguments[4] - 1, day: arguments[5], selectable: true});",
                first.getYear(), first.getMonthValue(), first.getDayOfMonth(), last.getYear(), last.getMonthValue(), last.getDayOfMonth());
        assertEquals(first + " to " + last, browser.findElement(By.id("mela:range_input")).getDomProperty("value"));
    }

    private static String withoutDay(String csv, LocalDate day) {
        return String.join("\n", csv.lines().filter(line -> !line.startsWith(day + ",")).toList());
    }

    private void signIn() {
        browser = chromium();
        open("console/");
        waitFor(By.id("login:username")).sendKeys(VIEWER);
        browser.findElement(By.id("login:password")).sendKeys(VIEWER_PASSWORD);
        browser.findElement(By.id("login:signIn")).click();
        waitFor(By.id("signed-in-as"));
    }

    private ChromeDriver chromium() {
        try {
            profile = Files.createTempDirectory("mela-it-chromium");
            downloads = Files.createTempDirectory("mela-it-downloads");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
        return driver;
    }

    private void open(String path) {
        browser.get(base.resolve(path).toString());
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(driver -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                Files.writeString(Path.of("target", "mela-console-failure.html"), browser.getPageSource());
            } catch (IOException ignored) {
                // only a diagnostic
            }
            throw new AssertionError("not within " + WAIT + "; messages: " + growl() + "; page kept in target/mela-console-failure.html", e);
        }
    }

    private String text(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private String growl() {
        return browser.findElements(By.cssSelector(".ui-growl-message")).stream().map(WebElement::getText)
                .reduce("", (a, b) -> a + "\n" + b);
    }

    private void screenshot(String name) {
        try {
            Path dir = Path.of("docs", "screenshots");
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
