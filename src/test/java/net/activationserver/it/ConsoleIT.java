package net.activationserver.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in a real browser (Debian's chromium, headless, through /usr/bin/chromedriver) against the packaged
 * WAR on its own Payara Micro and database: sign-in, roles, Networks, Metered Licensing, License Management, sign-out, headers.
 * Each page is saved as a screenshot in docs/screenshots/.
 */
class ConsoleIT extends BrowserBase {

    private static final String TYPE = "VLM-CONSOLE";
    /**
     * The test server's secrets key under its older name asl.console.secret-key (Base64 of 32 bytes), which is still
     * accepted: access passwords, and lease keys, are stored encrypted with it.
     */
    private static final String CONSOLE_SECRET_KEY = "q4Jx0m2fYp8wS3kV7nB1cD5eG9hK2lM6oP0rT4uW8yA=";
    private static final String DATABASE = "asl_console";

    ConsoleIT() {
        super("console-it");
    }

    @BeforeAll
    static void startServer() throws Exception {
        // the alert threshold of the banners at 75% instead of the default 90%: the setting is read
        serve(Fixtures.serverSettings(Fixtures.freshDatabase(DATABASE), "ASL_SECRETS_KEY", null, "ASL_CONSOLE_SECRET_KEY", CONSOLE_SECRET_KEY,
                "ASL_ALERTS_THRESHOLD_PERCENT", "75"));
        assertEquals(201, http.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-CONSOLE-1", 10, TYPE, "8", "VLM-5000G", "4")).status());
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

        open("console/instances.xhtml");
        browser.findElement(By.id("instances:query")).sendKeys(mac.toLowerCase());
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> rows().size() == 1 && text(By.id("instances:table")).contains(mac));
        assertTrue(text(By.id("instances:table")).contains("ACTIVE"));
        screenshot("metered-licensing");

        // one verb (title and button), plain words, and Cancel has the focus: Enter does not deregister
        browser.findElement(By.cssSelector("#instances\\:table .deregister")).click();
        WebElement yes = new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes")));
        String dialog = text(By.cssSelector(".ui-confirm-dialog"));
        assertTrue(text(By.cssSelector(".ui-confirm-dialog .ui-dialog-title")).equals("Deregister lm-it?"), dialog);
        assertEquals("Deregister", yes.getText(), dialog);
        assertTrue(dialog.contains("lm-it (MAC " + mac + ") gives up its " + TYPE + " seat"), dialog);
        assertFalse(dialog.contains("410") || dialog.contains("Remove"), dialog);
        waitUntil(() -> "confirmNo".equals(browser.switchTo().activeElement().getAttribute("id")));
        screenshot("metered-licensing-confirm");
        yes.click();
        waitUntil(() -> growl().contains("Appliance lm-it (MAC " + mac + ") deregistered"));
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
        browser.findElement(By.id("instances:query")).sendKeys(mac);
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
    void adminAddsAWebhookSeesItsSecretOnceAndItsDeliveries() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            signIn("admin", Http.ADMIN_PASSWORD);
            open("console/webhooks.xhtml");
            waitFor(By.id("add:addEndpoint")).click();
            waitUntil(() -> text(By.id("add")).contains("URL: enter the receiver's"));
            waitFor(By.id("add:url")).sendKeys(receiver.url("/console"));
            browser.findElement(By.id("add:addEndpoint")).click();
            waitUntil(() -> growl().contains("Copy its signing secret now"));
            String secret = waitFor(By.id("add:secret")).getAttribute("value");
            assertTrue(secret.startsWith("whsec_"), secret);
            receiver.secret(secret);
            waitUntil(() -> text(By.id("endpoints:table")).contains(receiver.url("/console")));
            WebElement row = browser.findElements(By.cssSelector("#endpoints\\:table_data tr")).stream()
                    .filter(r -> r.getText().contains(receiver.url("/console"))).findFirst().orElseThrow();
            browser.executeScript("arguments[0].click()", row.findElement(By.cssSelector("[id$='test']"))); // under the growl
            waitUntil(() -> growl().contains("Test event queued"));
            await().atMost(WAIT).until(() -> receiver.received().stream().anyMatch(r -> r.type().equals("webhook.test") && r.verified()));
            open("console/webhooks.xhtml");
            assertFalse(browser.getPageSource().contains(secret), "the secret is shown once only");
            browser.findElements(By.cssSelector("#endpoints\\:table_data tr")).stream()
                    .filter(r -> r.getText().contains(receiver.url("/console"))).findFirst().orElseThrow()
                    .findElement(By.cssSelector("[id$='show']")).click();
            waitUntil(() -> text(By.id("deliveries")).contains("webhook.test") && text(By.id("deliveries")).contains("delivered"));
            ajaxDone();
            screenshot("webhooks");
        }
    }

    /** Issue 22: "Replace" on Metered Licensing moves an appliance to its new MAC; the Users page makes and revokes API tokens. */
    @Test
    void adminReplacesAnApplianceAndManagesApiTokens() {
        String mac = Fixtures.mac();
        String id = activate(mac).getString("instanceId");
        String newMac = Fixtures.mac();
        signIn("admin", Http.ADMIN_PASSWORD);
        open("console/instances.xhtml");
        browser.findElement(By.id("instances:query")).sendKeys(mac);
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> rows().size() == 1 && text(By.id("instances:table")).contains(mac));
        browser.findElement(By.cssSelector("#instances\\:table .replace")).click();
        waitFor(By.id("replaceForm:newMac"));
        ajaxDone();
        browser.findElement(By.id("replaceForm:newMac")).sendKeys("not a mac");
        browser.findElement(By.id("replaceForm:doReplace")).click();
        waitUntil(() -> text(By.id("replaceForm")).contains("New MAC: enter six hex octets"));
        WebElement field = browser.findElement(By.id("replaceForm:newMac"));
        field.clear();
        field.sendKeys(newMac);
        browser.findElement(By.id("replaceForm:doReplace")).click();
        waitUntil(() -> growl().contains("now has MAC " + newMac));
        assertEquals(newMac, http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("mac"));

        open("console/users.xhtml");
        waitFor(By.id("tokens:tokenName")).sendKeys("console-terraform");
        browser.findElement(By.id("tokens:createToken")).click();
        waitUntil(() -> growl().contains("API token console-terraform created"));
        String token = waitFor(By.id("tokens:newToken")).getAttribute("value");
        assertTrue(token.startsWith("asl_"), token);
        assertEquals(200, http.plain("GET", "api/v1/admin/pool", null, null, "Authorization", "Bearer " + token).status());
        WebElement row = browser.findElements(By.cssSelector("#tokens\\:tokenTable_data tr")).stream()
                .filter(r -> r.getText().contains("console-terraform")).findFirst().orElseThrow();
        browser.executeScript("arguments[0].click()", row.findElement(By.cssSelector("[id$='revoke']")));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes"))).click();
        waitUntil(() -> growl().contains("API token console-terraform revoked."));
        assertEquals(401, http.plain("GET", "api/v1/admin/pool", null, null, "Authorization", "Bearer " + token).status());
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

    /**
     * Banners per license type at the configured threshold (75% here) and when full, seen appear without reloading the
     * dashboard (it refreshes itself); then every appliance silent: the STALE banner; one back: "N of M are STALE".
     */
    @Test
    void dashboardWarnsPerTypeAndWhenAppliancesGoStale() throws Exception {
        String full = Fixtures.typeCode("FULL");
        String near = Fixtures.typeCode("NEAR");
        assertEquals(201, http.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-" + full, 10, full, "2", near, "4")).status());
        activate(Fixtures.mac(), full, "lm-full-1");
        for (int i = 0; i < 3; i++) {
            activate(Fixtures.mac(), near, "lm-near-" + i);
        }
        signIn("admin", Http.ADMIN_PASSWORD);
        waitUntil(() -> text(By.id("live")).contains(near + ": 3 of 4 seats in use (75%)"));
        assertFalse(text(By.id("live")).contains(full + ": "), "1 of 2 is below 75%");

        // the page is not reloaded: its poll brings the new figures
        String before = text(By.id("loadedAt"));
        activate(Fixtures.mac(), full, "lm-full-2");
        waitUntil(() -> text(By.id("live")).contains(full + ": 2 of 2 seats in use; new activations of this type are refused"));
        assertFalse(text(By.id("loadedAt")).equals(before));
        assertTrue(text(By.cssSelector(".asl-type-full")).contains(full), "the full type's banner is the red one");
        screenshot("dashboard");

        // every appliance silent for longer than the heartbeat timeout, then swept: all STALE
        try (java.sql.Connection db = Fixtures.db(); java.sql.Statement update = db.createStatement()) {
            update.executeUpdate("UPDATE " + DATABASE + ".instance SET last_heartbeat_at = UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE WHERE status = 'ACTIVE'");
            update.executeUpdate("UPDATE " + DATABASE + ".sweep_mark SET swept_before = '1970-01-01 00:00:00'"); // look back (V12)
        }
        assertEquals(200, http.admin("POST", "api/v1/admin/sweeps", null, null).status());
        waitUntil(() -> text(By.id("allStale")).startsWith("Every appliance is STALE"));
        open("console/logs.xhtml");
        waitFor(By.id("logs:text")).sendKeys("lm-full-2");
        browser.findElement(By.id("logs:search")).click();
        waitUntil(() -> text(By.id("logs:tabs")).contains("ASL instance expired: no heartbeat since"));
        String logs = text(By.id("logs:tabs"));
        assertTrue(logs.contains("(timeout 3 minutes)") && logs.contains("Appliance lm-full-2, MAC "), logs);
        assertFalse(logs.contains("PT3M"), "no ISO-8601 durations: " + logs);
    }

    /** Any part of a host name or MAC, in any case; the type from a drop-down; a search that cannot match says why and clears the table. */
    @Test
    void searchIgnoresCaseAndFindsPartsOfHostNamesAndMacs() {
        String suffix = Long.toString(System.nanoTime() % 1_000_000L, 36);
        String mac = Fixtures.mac();
        activate(mac, "VLM-5000G", "vlm-edge-" + suffix + "-1");
        signIn("admin", Http.ADMIN_PASSWORD);
        open("console/instances.xhtml");
        for (String query : List.of("LM-EDGE-" + suffix.toUpperCase(), "lm-edge-" + suffix, mac.substring(6).toLowerCase(),
                mac.substring(9).replace(':', '-').toLowerCase())) {
            ajaxDone();
            type(By.id("instances:query"), query);
            browser.findElement(By.id("instances:search")).click();
            waitUntil(() -> rows().size() == 1 && text(By.id("instances:table")).contains("vlm-edge-" + suffix + "-1"));
        }
        ((JavascriptExecutor) browser).executeScript("PF('widget_instances_licenseType').selectValue('" + TYPE + "')");
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> rows().isEmpty() && text(By.id("instances:table")).contains("No instances."));
        ((JavascriptExecutor) browser).executeScript("PF('widget_instances_licenseType').selectValue('VLM-5000G')");
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> rows().size() == 1);

        ajaxDone();
        type(By.id("instances:query"), "edge %");
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> rows().isEmpty() && text(By.id("instances")).contains("Host name or MAC: \"edge %\" cannot be part of a host name or MAC"));
        assertTrue(text(By.id("instances:table")).contains("Nothing searched"), "the old results are gone");
        assertEquals(1, browser.findElements(By.cssSelector("#instances .ui-message")).size(), "one message, on the field");

        // from an audit line to the appliance
        open("console/logs.xhtml");
        WebElement link = waitFor(By.cssSelector("#logs\\:tabs a.appliance-link[title^='vlm-edge-" + suffix + "-1']"));
        assertTrue(link.getText().contains(mac), link.getText());
        link.click();
        waitUntil(() -> rows().size() == 1 && text(By.id("instances:table")).contains("vlm-edge-" + suffix + "-1"));
    }

    /** At 1280 px: a 100-character network name is cut, not widening the page or squeezing the menu; MACs and times are whole. */
    @Test
    void longNamesAreCutAndTablesFitAt1280Pixels() {
        String suffix = Long.toString(System.nanoTime() % 1_000_000L, 36);
        String name = ("Branch office " + suffix + " ").repeat(8).substring(0, 100);
        String mac = Fixtures.mac();
        String hostname = ("lm-very-long-host-name-" + suffix + ".").repeat(5) + "example.com"; // DNS labels of at most 63
        activate(mac, TYPE, hostname);
        signIn("admin", Http.ADMIN_PASSWORD);
        open("console/networks.xhtml");
        type(By.id("create:name"), name);
        browser.findElement(By.id("create:create")).click();
        waitUntil(() -> growl().contains("created."));
        waitUntil(() -> name.equals(browser.findElement(By.id("network-title")).getAttribute("title")));
        assertFits();
        assertTrue(((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelector('.asl-menu').getBoundingClientRect().width")).doubleValue() >= 200, "the menu keeps its width");

        open("console/instances.xhtml");
        waitFor(By.id("instances:query"));
        ajaxDone();
        assertFits();
        Boolean whole = (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#instances\\\\:table .mac, #instances\\\\:table td.asl-nowrap'))"
                        + ".every(function (e) { return e.scrollWidth <= e.getBoundingClientRect().width + 1; });");
        assertTrue(whole, "no MAC or time is clipped");
        WebElement host = browser.findElements(By.cssSelector("#instances\\:table .hostname")).stream()
                .filter(e -> hostname.equals(e.getAttribute("title"))).findFirst().orElseThrow();
        assertTrue(host.getSize().getWidth() < 300, "a long host name is cut: " + host.getSize());
    }

    /** The page is no wider than the window: no horizontal scroll bar. */
    private void assertFits() {
        Number over = (Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertTrue(over.intValue() <= 0, "the page is " + over + " px wider than the window");
    }

    /** The console's pages and the favicon they name load: no 404 for an icon. */
    @Test
    void consolePagesHaveAFavicon() {
        signIn("admin", Http.ADMIN_PASSWORD);
        String href = browser.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href");
        Http.Answer icon = http.plain("GET", java.net.URI.create(href).getPath().substring(1), null, null);
        assertEquals(200, icon.status(), href);
        assertTrue(icon.contentType().startsWith("image/svg+xml"), icon.contentType());
        assertEquals(200, http.plain("GET", "favicon.ico", null, null).status(), "the address browsers try by themselves");
    }

    /** axe-core finds no WCAG 2.1 A/AA violation on any console page, signed out and signed in as an admin. */
    @Test
    void everyConsolePageMeetsWcag21AA() {
        activate(Fixtures.mac(), TYPE, "lm-a11y-" + Long.toString(System.nanoTime() % 1_000_000L, 36));
        browser = chromium();
        open("console/login.xhtml");
        waitFor(By.id("login:username"));
        Map<String, List<String>> found = new LinkedHashMap<>();
        found.put("sign-in", accessibilityViolations("sign-in"));
        browser.quit();
        signIn("admin", Http.ADMIN_PASSWORD);
        waitFor(By.cssSelector("#seats canvas"));
        found.put("dashboard", accessibilityViolations("dashboard"));
        for (String page : List.of("networks", "instances", "mela", "licenses", "logs", "webhooks", "users", "settings")) {
            open("console/" + page + ".xhtml");
            waitFor(By.tagName("h1"));
            ajaxDone();
            found.put(page, accessibilityViolations(page));
        }
        String report = found.entrySet().stream().filter(page -> !page.getValue().isEmpty())
                .map(page -> page.getKey() + ":\n  " + String.join("\n  ", page.getValue())).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(report.isEmpty(), "WCAG 2.1 A/AA violations:" + report);
    }

    @Test
    void wrongPasswordIsRefusedOnThePage() {
        signInAttempt("admin", "not-the-password");
        waitUntil(() -> text(By.id("login:messages")).contains("Sign-in failed"));
        screenshot("sign-in");
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountOnThePageAndTheApi() {
        account("console-locked", "console-locked-password", "viewer");
        for (int i = 0; i < 5; i++) {
            signInAttempt("console-locked", "guess-" + i);
            waitUntil(() -> text(By.id("login:messages")).contains("Sign-in failed"));
            browser.quit();
        }
        signInAttempt("console-locked", "console-locked-password");
        waitUntil(() -> text(By.id("login:messages")).contains("Too many failed sign-ins; sign-in is locked for"));
        screenshot("sign-in-locked");
        Http.Answer api = http.as("console-locked", "console-locked-password", "GET", "api/v1/admin/pool", null, null);
        assertEquals(429, api.status(), "the same lock on the admin API: " + api);
        assertNotNull(api.header("Retry-After"));
    }

    @Test
    void aPasswordResetEndsTheAccountsConsoleSession() {
        account("console-reset", "console-reset-password", "viewer");
        signIn("console-reset", "console-reset-password");
        assertEquals(204, http.admin("PUT", "api/v1/admin/users/console-reset/password", "application/json",
                "{\"password\":\"console-new-password\"}").status());
        open("console/instances.xhtml");
        waitFor(By.id("login:username"));
        assertTrue(browser.getCurrentUrl().contains("/console/login.xhtml"), "signed out by the reset: " + browser.getCurrentUrl());
    }

    private static void account(String username, String password, String role) {
        Http.Answer created = http.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, created.status(), created.toString());
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

    @Test
    void activatedApplianceIsInTheDefaultNetworkEditedAndRemoved() throws Exception {
        String mac = Fixtures.mac();
        JsonObject activated = activate(mac, TYPE, "lm-net-" + mac.substring(12).replace(":", ""));
        String id = activated.getString("instanceId");
        String token = activated.getString("instanceToken");
        String password = "Sup3r-Secret-" + mac.substring(12).replace(":", "");

        signIn("admin", Http.ADMIN_PASSWORD);
        browser.findElement(By.id("menu-networks")).click();
        waitFor(By.id("appliances:table"));
        assertEquals("Default", text(By.id("network:title")));
        findAppliance(mac);
        WebElement icon = applianceRow(mac).findElement(By.cssSelector(".asl-appliance"));
        assertTrue(icon.getAttribute("class").contains("asl-appliance-licensed"), icon.getAttribute("class"));
        assertEquals("rgba(30, 111, 217, 1)", icon.getCssValue("color"), "blue: licensed here and ACTIVE");
        assertTrue(applianceRow(mac).getText().contains("not set"));

        // bad input: a message on the field, nothing saved
        openEdit(mac);
        type(By.id("edit:address"), "10.0.0.300");
        type(By.id("edit:port"), "8443");
        browser.findElement(By.id("edit:save")).click();
        waitUntil(() -> text(By.id("edit")).contains("must be an IP address or a host name"));
        type(By.id("edit:address"), "lm-net.example.com");
        type(By.id("edit:port"), "70000");
        browser.findElement(By.id("edit:save")).click();
        waitUntil(() -> text(By.id("edit")).contains("must be a whole number from 1 to 65535"));
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".instance WHERE id = ? AND (access_address IS NOT NULL"
                + " OR access_port IS NOT NULL OR access_password IS NOT NULL)", id), "nothing saved");

        type(By.id("edit:port"), "8443");
        browser.findElement(By.id("edit:password")).sendKeys(password);
        browser.findElement(By.id("edit:save")).click();
        waitUntil(() -> growl().contains("Appliance lm-net-") && growl().contains("saved: address lm-net.example.com, port 8443, password set."));
        waitUntil(() -> applianceRow(mac).getText().contains("lm-net.example.com") && applianceRow(mac).getText().contains("8443")
                && applianceRow(mac).getText().contains("set") && !applianceRow(mac).getText().contains("not set"));
        assertFalse(browser.getPageSource().contains(password), "the password is never sent back to the page");
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".instance WHERE id = ? AND access_address = 'lm-net.example.com'"
                + " AND access_port = 8443 AND access_password LIKE 'v1:%' AND access_password NOT LIKE ?", id, "%" + password + "%"),
                "stored encrypted");
        openEdit(mac);
        assertEquals("", browser.findElement(By.id("edit:password")).getAttribute("value"), "the password field starts empty");
        assertEquals("lm-net.example.com", browser.findElement(By.id("edit:address")).getAttribute("value"));
        assertTrue(text(By.cssSelector("#edit .asl-hint")).contains("Stored password: set"), text(By.cssSelector("#edit .asl-hint")));
        assertFalse(browser.getPageSource().contains(password));
        ((JavascriptExecutor) browser).executeScript("PF('editDialog').hide()");

        // an appliance licensed elsewhere, added by hand: green
        String external = "fw-external-" + mac.substring(12).replace(":", "");
        addAppliance(external, "10.20.30.40", "443");
        WebElement green = applianceRowNamed(external).findElement(By.cssSelector(".asl-appliance"));
        assertEquals("rgba(31, 157, 85, 1)", green.getCssValue("color"), "green: licensed elsewhere");
        // a MAC that holds a seat here cannot be added by hand
        waitFor(By.id("appliances:add")).click();
        waitFor(By.id("add:name"));
        type(By.id("add:name"), "dup-" + external);
        type(By.id("add:mac"), mac.toLowerCase());
        type(By.id("add:address"), "10.20.30.41");
        type(By.id("add:port"), "443");
        browser.findElement(By.id("add:save")).click();
        waitUntil(() -> text(By.id("add")).contains("MAC " + mac + " is already licensed here by lm-net-"));
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".appliance WHERE name = ?", "dup-" + external));
        ((JavascriptExecutor) browser).executeScript("PF('addDialog').hide()");

        type(By.id("appliances:search"), "");
        browser.findElement(By.id("appliances:find")).click();
        waitUntil(() -> !applianceRows().isEmpty() && text(By.id("appliances:table")).contains(mac) && text(By.id("appliances:table")).contains(external));
        screenshot("networks");

        // the minus button, Yes: deregistered, seat freed, 410 at the next heartbeat
        findAppliance(mac);
        select(mac);
        browser.findElement(By.id("appliances:remove")).click();
        WebElement yes = new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes")));
        assertTrue(text(By.cssSelector(".ui-confirm-dialog")).contains("Deregister lm-net-"), text(By.cssSelector(".ui-confirm-dialog")));
        yes.click();
        waitUntil(() -> growl().contains("(MAC " + mac + ") deregistered"));
        waitUntil(() -> !text(By.id("appliances:table")).contains(mac));
        Http.Answer beat = http.instance("POST", "api/v1/instances/" + id + "/heartbeat", token, null);
        assertEquals(410, beat.status(), beat.toString());
        assertEquals("ASL_DEREGISTERED", beat.code());
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".instance WHERE id = ? AND network_id IS NOT NULL", id),
                "a deregistered instance is in no network");

        // the hand-added one: removed from the network, nothing else
        findAppliance(external);
        select(external);
        browser.findElement(By.id("appliances:remove")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes"))).click();
        waitUntil(() -> growl().contains("Appliance " + external + " removed from network Default."));
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".appliance WHERE name = ?", external));
    }

    @Test
    void adminCreatesRenamesAndDeletesNetworks() {
        String suffix = Long.toString(System.nanoTime() % 1_000_000L, 36);
        signIn("admin", Http.ADMIN_PASSWORD);
        open("console/networks.xhtml");
        waitFor(By.id("create:name"));
        assertTrue(browser.findElements(By.id("network:delete")).isEmpty(), "the default network cannot be deleted");

        browser.findElement(By.id("create:create")).click();
        waitUntil(() -> text(By.id("create")).contains("New network: enter a name."));
        assertEquals(1, browser.findElements(By.cssSelector("#create .ui-message")).size(), "one message for the field");
        assertFalse(growl().contains("enter a name"), "not again in the growl");
        type(By.id("create:name"), "default");
        browser.findElement(By.id("create:create")).click();
        waitUntil(() -> text(By.id("create")).contains("is taken by another network"));

        type(By.id("create:name"), "Lab " + suffix);
        browser.findElement(By.id("create:create")).click();
        waitUntil(() -> growl().contains("Network Lab " + suffix + " created."));
        waitUntil(() -> text(By.id("network:title")).equals("Lab " + suffix));
        assertTrue(text(By.id("networks:list")).contains("Lab " + suffix));

        String external = "lm-lab-" + suffix;
        addAppliance(external, "lab-" + suffix + ".example.com", "8443");
        WebElement icon = applianceRowNamed(external).findElement(By.cssSelector(".asl-appliance"));
        assertTrue(icon.getAttribute("class").contains("asl-appliance-added"));
        assertEquals("rgba(31, 157, 85, 1)", icon.getCssValue("color"));
        assertTrue(applianceRowNamed(external).getText().contains("elsewhere"));

        type(By.id("network:name"), "Lab " + suffix + " renamed");
        browser.findElement(By.id("network:rename")).click();
        waitUntil(() -> growl().contains("Network Lab " + suffix + " renamed to Lab " + suffix + " renamed."));
        waitUntil(() -> text(By.id("networks:list")).contains("Lab " + suffix + " renamed"));
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".network WHERE name = ?", "Lab " + suffix + " renamed"));

        waitFor(By.id("network:delete")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes"))).click();
        waitUntil(() -> growl().contains("Network Lab " + suffix + " renamed deleted; 1 appliance(s) moved to network Default."));
        waitUntil(() -> text(By.id("network:title")).equals("Default"));
        assertFalse(text(By.id("networks:list")).contains("Lab " + suffix));
        findAppliance(external);
        assertTrue(applianceRowNamed(external).isDisplayed(), "moved to Default");
    }

    @Test
    void viewerSeesNetworksButCannotChangeThem() throws Exception {
        String mac = Fixtures.mac();
        String id = activate(mac).getString("instanceId");
        Http.Answer created = http.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"network-viewer\",\"password\":\"viewer-password-2\",\"role\":\"viewer\"}");
        assertTrue(created.status() == 201 || created.status() == 409, created.toString());

        signIn("network-viewer", "viewer-password-2");
        open("console/networks.xhtml");
        waitFor(By.id("appliances:table"));
        findAppliance(mac);
        assertTrue(applianceRow(mac).getText().contains("ACTIVE"));
        for (String control : List.of("create:name", "network:rename", "network:delete", "appliances:add", "appliances:edit", "appliances:remove",
                "edit:save", "add:save")) {
            assertTrue(browser.findElements(By.id(control)).isEmpty(), "a viewer sees no " + control);
        }
        // Forced: post the admin's minus button as if it were there, with this view's state.
        applianceRow(mac).findElement(By.cssSelector(".appliance-name")).click();
        ajaxDone();
        ((JavascriptExecutor) browser).executeScript(
                "var f = document.getElementById('appliances'); var i = document.createElement('input'); i.type = 'hidden';"
                        + " i.name = 'appliances:remove'; i.value = 'appliances:remove'; f.appendChild(i); f.submit();");
        waitFor(By.id("appliances:table"));
        assertEquals("ACTIVE", http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("status"));
    }

    /**
     * The server-side role check of the views themselves: an admin's page stays open, the account becomes a viewer, and
     * the page's own buttons (still shown) are refused by the view on the server, for Networks and Metered Licensing.
     */
    @Test
    void changesFromAPageOpenedBeforeTheAccountBecameAViewerAreRefused() throws Exception {
        String mac = Fixtures.mac();
        JsonObject activated = activate(mac);
        String id = activated.getString("instanceId");
        Http.Answer created = http.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"console-demoted\",\"password\":\"demoted-password-1\",\"role\":\"admin\"}");
        assertTrue(created.status() == 201 || created.status() == 409, created.toString());
        setRole("console-demoted", "ADMIN");

        signIn("console-demoted", "demoted-password-1");
        open("console/networks.xhtml");
        findAppliance(mac);
        select(mac);
        setRole("console-demoted", "VIEWER");
        browser.findElement(By.id("appliances:remove")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes"))).click();
        waitUntil(() -> growl().contains("Refused: account console-demoted is a viewer and may not change anything."));
        assertEquals("ACTIVE", http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("status"));

        setRole("console-demoted", "ADMIN");
        open("console/instances.xhtml");
        waitFor(By.id("instances:query")).sendKeys(mac);
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> rows().size() == 1 && text(By.id("instances:table")).contains(mac));
        setRole("console-demoted", "VIEWER");
        browser.findElement(By.cssSelector("#instances\\:table .deregister")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("confirmYes"))).click();
        waitUntil(() -> growl().contains("Refused: account console-demoted is a viewer and may not change anything."));
        assertEquals("ACTIVE", http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("status"));
        Http.Answer beat = http.instance("POST", "api/v1/instances/" + id + "/heartbeat", activated.getString("instanceToken"), null);
        assertEquals(200, beat.status(), beat.toString());
    }

    @Test
    void meteredLicensingSortsInTheDatabase() {
        String suffix = Long.toString(System.nanoTime() % 1_000_000L, 36);
        List<String> macs = List.of(Fixtures.mac(), Fixtures.mac(), Fixtures.mac());
        List<String> ids = List.of(activate(macs.get(0), "VLM-5000G", "sort-b-" + suffix).getString("instanceId"),
                activate(macs.get(1), "VLM-5000G", "sort-c-" + suffix).getString("instanceId"),
                activate(macs.get(2), "VLM-5000G", "sort-a-" + suffix).getString("instanceId"));

        signIn("admin", Http.ADMIN_PASSWORD);
        open("console/instances.xhtml");
        waitFor(By.id("instances:licenseType"));
        ((JavascriptExecutor) browser).executeScript("PF('widget_instances_licenseType').selectValue('VLM-5000G')");
        type(By.id("instances:query"), "sort-"); // this test's host names only
        browser.findElement(By.id("instances:search")).click();
        waitUntil(() -> column(".mac").equals(List.of(macs.get(2), macs.get(1), macs.get(0))));  // most recent heartbeat first

        browser.findElement(By.id("instances:table:colHostname")).click();
        waitUntil(() -> column(".hostname").equals(List.of("sort-a-" + suffix, "sort-b-" + suffix, "sort-c-" + suffix)));
        browser.findElement(By.id("instances:table:colHostname")).click();
        waitUntil(() -> column(".hostname").equals(List.of("sort-c-" + suffix, "sort-b-" + suffix, "sort-a-" + suffix)));
        browser.findElement(By.id("instances:table:colMac")).click();
        waitUntil(() -> column(".mac").equals(macs));
        browser.findElement(By.id("instances:table:colActivatedAt")).click();
        waitUntil(() -> column(".mac").equals(macs));
        browser.findElement(By.id("instances:table:colActivatedAt")).click();
        waitUntil(() -> column(".mac").equals(List.of(macs.get(2), macs.get(1), macs.get(0))));

        // by status: one deregistered, one silent for longer than the timeout and swept (STALE), one ACTIVE
        assertEquals(204, http.admin("DELETE", "api/v1/admin/instances/" + ids.get(1), null, null).status());
        Fixtures.silence(DATABASE, ids.get(0), "30 DAY - INTERVAL 1 MINUTE");
        assertEquals(200, http.admin("POST", "api/v1/admin/sweeps", null, null).status());
        browser.findElement(By.id("instances:table:colStatus")).click();
        waitUntil(() -> column(".status").equals(List.of("ACTIVE", "DEREGISTERED", "STALE")));
        assertEquals(List.of(macs.get(2), macs.get(1), macs.get(0)), column(".mac"));
        browser.findElement(By.id("instances:table:colStatus")).click();
        waitUntil(() -> column(".status").equals(List.of("STALE", "DEREGISTERED", "ACTIVE")));
    }

    private JsonObject activate(String mac, String type, String hostname) {
        Http.Answer answer = http.appliance("POST", "api/v1/activations", "{\"mac\":\"" + mac + "\",\"platform\":\"VMWARE\",\"hostname\":\""
                + hostname + "\",\"licenseType\":\"" + type + "\",\"build\":\"7.2.59.0\"}");
        assertEquals(201, answer.status(), answer.toString());
        return answer.json();
    }

    /** Changes an account's role in the database; the console reads the role again on every request. */
    private static void setRole(String username, String role) throws java.sql.SQLException {
        try (java.sql.Connection db = Fixtures.db();
             java.sql.PreparedStatement update = db.prepareStatement("UPDATE " + DATABASE + ".admin_user SET role = ? WHERE username = ?")) {
            update.setString(1, role);
            update.setString(2, username);
            assertEquals(1, update.executeUpdate());
        }
    }

    /** Searches the network shown for a MAC or name and waits for its row. */
    private void findAppliance(String macOrName) {
        ajaxDone(); // an update of the page still running would replace the search field being typed into
        long[] searchedAt = {0};
        waitUntil(() -> {
            if (applianceRows().size() == 1 && text(By.id("appliances:table")).contains(macOrName)) {
                return true;
            }
            if (System.nanoTime() - searchedAt[0] > 3_000_000_000L) { // the search (again, if an update swallowed it)
                type(By.id("appliances:search"), macOrName);
                browser.findElement(By.id("appliances:find")).click();
                searchedAt[0] = System.nanoTime();
            }
            return false;
        });
    }

    /** Selects an appliance's row (by MAC or name) and waits until the toolbar knows it. */
    private void select(String macOrName) {
        applianceRow(macOrName).findElement(By.cssSelector(".appliance-name")).click();
        ajaxDone();
        waitUntil(() -> applianceRow(macOrName).getAttribute("class").contains("ui-state-highlight")
                && browser.findElement(By.id("appliances:remove")).isEnabled());
    }

    private void openEdit(String mac) {
        select(mac);
        browser.findElement(By.id("appliances:edit")).click();
        ajaxDone();
        waitFor(By.id("edit:address"));
        waitUntil(() -> text(By.id("edit:subject")).contains(mac));
    }

    private void addAppliance(String name, String address, String port) {
        waitFor(By.id("appliances:add")).click();
        waitFor(By.id("add:name"));
        browser.findElement(By.id("add:save")).click();
        waitUntil(() -> text(By.id("add")).contains("Name: enter the appliance's name."));
        assertFalse(text(By.id("add")).contains("Validation Error"), "no stock wording: " + text(By.id("add")));
        type(By.id("add:name"), name);
        type(By.id("add:mac"), "not-a-mac");
        type(By.id("add:address"), address);
        type(By.id("add:port"), port);
        browser.findElement(By.id("add:save")).click();
        waitUntil(() -> text(By.id("add")).contains("must be six hex octets"));
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".appliance WHERE name = ?", name), "bad input saves nothing");
        type(By.id("add:mac"), "");
        browser.findElement(By.id("add:save")).click();
        waitUntil(() -> growl().contains("Appliance " + name + " added to network"));
        findAppliance(name);
    }

    private void type(By by, String value) {
        WebElement input = browser.findElement(by);
        input.clear();
        input.sendKeys(value);
    }

    private List<WebElement> applianceRows() {
        return browser.findElements(By.cssSelector("#appliances\\:table_data tr[data-ri]"));
    }

    private WebElement applianceRow(String mac) {
        return applianceRows().stream().filter(r -> r.getText().contains(mac)).findFirst().orElseThrow(() -> new AssertionError("no row " + mac));
    }

    private WebElement applianceRowNamed(String name) {
        return applianceRow(name);
    }

    private List<String> column(String css) {
        return rows().stream().map(r -> r.findElement(By.cssSelector(css)).getText()).toList();
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

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#instances\\:table_data tr[data-ri]"));
    }
}
