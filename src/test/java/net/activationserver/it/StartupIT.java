package net.activationserver.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployment contract: a plain Payara Micro, settings from the environment only. */
class StartupIT {

    private static final Duration START = Duration.ofMinutes(3);

    @Test
    void aMissingRequiredSettingStopsTheDeploymentWithOneLineNamingIt() throws Exception {
        try (PayaraProcess server = PayaraProcess.start(Fixtures.serverSettings(Fixtures.freshDatabase("asl_startup"),
                "ASL_APPLIANCE_KEY", null))) {
            String line = server.awaitLine(l -> l.contains("Missing required setting"), START);
            assertTrue(line.contains("Missing required setting asl.appliance.key (environment variable ASL_APPLIANCE_KEY)"), line);
            server.awaitLine(l -> l.contains("Deployed 0 archive") || l.contains("Exception while loading the app"), START);
            Http.Answer ping = new Http(server.base()).plain("GET", "api/v1/ping", null, null);
            assertEquals(404, ping.status(), "the application is not serving");
            assertFalse(server.output().stream().anyMatch(l -> l.contains("Activation Server started")));
        }
    }

    /** Outside the demo profile, the documentation's placeholder (or a key under 32 characters) is no appliance key. */
    @Test
    void theExampleApplianceKeyStopsTheDeploymentNamingTheSetting() throws Exception {
        try (PayaraProcess server = PayaraProcess.start(Fixtures.serverSettings(Fixtures.freshDatabase("asl_startup_weak"),
                "ASL_APPLIANCE_KEY", "change-me-the-shared-appliance-key"))) {
            String line = server.awaitLine(l -> l.contains("asl.appliance.key"), START);
            assertTrue(line.contains("Setting asl.appliance.key (ASL_APPLIANCE_KEY) is the documentation's example value"), line);
            server.awaitLine(l -> l.contains("Deployed 0 archive") || l.contains("Exception while loading the app"), START);
            assertEquals(404, new Http(server.base()).plain("GET", "api/v1/ping", null, null).status(), "the application is not serving");
        }
    }

    /** A malformed optional setting stops the deployment too, instead of failing the first request that reads it. */
    @Test
    void aMalformedActivationLanesSettingStopsTheDeploymentNamingIt() throws Exception {
        try (PayaraProcess server = PayaraProcess.start(Fixtures.serverSettings(Fixtures.freshDatabase("asl_startup_lanes"),
                "ASL_ACTIVATION_LANES", "0"))) {
            String line = server.awaitLine(l -> l.contains("asl.activation.lanes"), START);
            assertTrue(line.contains("Setting asl.activation.lanes (ASL_ACTIVATION_LANES) must be at least 1: 0"), line);
            server.awaitLine(l -> l.contains("Deployed 0 archive") || l.contains("Exception while loading the app"), START);
            Http.Answer ping = new Http(server.base()).plain("GET", "api/v1/ping", null, null);
            assertEquals(404, ping.status(), "the application is not serving");
        }
    }

    @Test
    void theDemoProfileBringsKeysALicenseAndPrintsWhatAnOperatorNeeds() throws Exception {
        try (PayaraProcess server = PayaraProcess.start(Fixtures.serverSettings(Fixtures.freshDatabase("asl_demo"),
                "ASL_DEMO", "true", "ASL_APPLIANCE_KEY", null, "ASL_VENDOR_PUBLIC_KEY", null, "ASL_ADMIN_INITIAL_PASSWORD", null,
                "ASL_SECRETS_KEY", null))) {
            String login = server.awaitLine(l -> l.startsWith("Admin login: admin / "), START);
            String keyLine = server.awaitLine(l -> l.startsWith("Appliance key"), START);
            server.awaitServing(START);
            String password = login.substring("Admin login: admin / ".length()).strip();
            Matcher key = Pattern.compile(": (\\S+)$").matcher(keyLine);
            assertTrue(key.find(), keyLine);

            Http http = new Http(server.base());
            JsonObject demo = http.as("admin", password, "GET", "api/v1/admin/entitlements", null, null).array().getJsonObject(0);
            assertEquals("DEMO-0001", demo.getString("licenseId"));
            assertEquals(25, demo.getInt("instanceLimit"));
            assertEquals(2, demo.getJsonArray("types").size());
            Http.Answer activated = http.signed("POST", "api/v1/activations", "application/json",
                    Fixtures.activation("00:50:56:AB:CD:EF", "VLM-MAX").replace("VMWARE", "AZURE").getBytes(), key.group(1),
                    System.currentTimeMillis() / 1000, Http.nonce());
            assertEquals(201, activated.status(), "an appliance with the printed key activates: " + activated);
            assertEquals(401, http.appliance("GET", "api/v1/license-types?platform=AZURE", null).status(), "the IT key is not the demo key");

            // no usable private or secret key in clear in the database: the demo's secrets key is in a file beside it
            assertTrue(java.nio.file.Files.isRegularFile(java.nio.file.Path.of("asl-demo-secrets.key")));
            assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM asl_demo.setting WHERE value LIKE '%\"d\"%' OR value LIKE '%PRIVATE KEY%'"
                    + " OR value LIKE ? OR name IN ('demo.vendor-key', 'demo.console-secret-key')", "%" + key.group(1) + "%"));
            assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM asl_demo.lease_key WHERE private_jwk NOT LIKE 'v1:%' OR private_jwk LIKE '%\"d\"%'"));
        }
    }
}
