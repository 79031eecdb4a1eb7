package net.activationserver.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
class MelaConsoleIT extends BrowserBase {

    private static final String VIEWER = "mela-console-viewer";
    private static final String VIEWER_PASSWORD = "viewer-password-1";

    private Path downloads;

    MelaConsoleIT() {
        super("mela-console");
    }

    @BeforeAll
    static void startServer() throws Exception {
        String dbUrl = Fixtures.freshDatabase("asl_mela_console");
        serve(Fixtures.serverSettings(dbUrl));
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
        assertTrue(canvas.getSize().getHeight() > 100 && canvas.getSize().getWidth() > 700, "the chart is drawn over the page's width: " + canvas.getSize());
        assertTrue(text(By.id("shown")).contains("per license type and day"), "60 days: a point per day");

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
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        pick(today.minusYears(7), today);
        browser.findElement(By.id("mela:show")).click();
        waitUntil(() -> growl().contains("the console shows at most two years (731 days) at once. Pick a shorter range"));
        assertFalse(browser.findElement(By.id("failure")).isDisplayed(), "no failure dialog");
        assertTrue(text(By.id("shown")).contains(today.minusDays(29) + " to "), "the last range shown stays");

        // a long range: a point per month
        pick(today.minusDays(199), today);
        browser.findElement(By.id("mela:show")).click();
        waitUntil(() -> text(By.id("shown")).contains(today.minusDays(199) + " to " + today) && text(By.id("shown")).contains("per license type and month"));
        assertFalse(text(By.id("mela")).contains("/api/"), "no API paths in the operator's text");
        List<String> found = accessibilityViolations("mela with a chart");
        assertTrue(found.isEmpty(), "WCAG 2.1 A/AA violations: " + found);
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
        signInAttempt(VIEWER, VIEWER_PASSWORD);
        waitFor(By.id("signed-in-as"));
    }

    /** The shared browser, saving downloads without asking into a folder of this test's. */
    @Override
    ChromeDriver chromium() {
        downloads = temporaryDirectory("downloads");
        ChromeOptions options = options();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        ChromeDriver driver = launch(options);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
        return driver;
    }
}
