package net.activationserver.it;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Automation (issue 22): scoped, revocable API tokens, bulk deregistration for scale-in hooks, and idempotent calls. */
class AutomationIT extends ItBase {

    @Test
    void aTokenActsInItsRoleIsAuditedByNameAndStopsWhenRevoked() {
        String type = Fixtures.typeCode("TOK");
        install(Fixtures.licenseFile("L-" + type, 50, type, "10"));
        JsonObject admin = token("scale-in-" + type.toLowerCase(), "admin");
        String secret = admin.getString("token");
        assertTrue(secret.startsWith("asl_"), secret);
        JsonObject viewer = token("dashboards-" + type.toLowerCase(), "viewer");

        assertEquals(200, bearer(secret, "GET", "api/v1/admin/pool", null).status());
        String id = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).json().getString("instanceId");
        Http.Answer denied = bearer(viewer.getString("token"), "DELETE", "api/v1/admin/instances/" + id, null);
        assertEquals(403, denied.status(), "a viewer token reads only");
        assertEquals(200, bearer(viewer.getString("token"), "GET", "api/v1/admin/instances/" + id, null).status());
        assertEquals(204, bearer(secret, "DELETE", "api/v1/admin/instances/" + id, null).status());
        String audit = http.admin("GET", "api/v1/admin/audit?instanceId=" + id, null, null).body();
        assertTrue(audit.contains("deregistered by token:scale-in-" + type.toLowerCase()), "the audit names the token: " + audit);

        String list = http.admin("GET", "api/v1/admin/tokens", null, null).body();
        assertFalse(list.contains(secret), "a token is shown once, never listed");
        assertTrue(list.contains("\"lastUsedAt\":\"20"), list);

        assertEquals(204, http.admin("DELETE", "api/v1/admin/tokens/" + admin.getString("id"), null, null).status());
        Http.Answer revoked = bearer(secret, "GET", "api/v1/admin/pool", null);
        assertEquals(401, revoked.status());
        assertEquals("ASL_UNAUTHORIZED", revoked.code());
        assertTrue(revoked.body().contains("revoked"), revoked.body());
        assertEquals(401, bearer("asl_not-a-token", "GET", "api/v1/admin/pool", null).status());
        assertEquals(403, bearer(viewer.getString("token"), "POST", "api/v1/admin/tokens", "{\"name\":\"x\",\"role\":\"admin\",\"expiresAt\":\""
                + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}").status(), "a viewer token makes no tokens");
    }

    @Test
    void badTokenRequestsAreRefusedWithTheFieldNamed() {
        Http.Answer past = http.admin("POST", "api/v1/admin/tokens", "application/json",
                "{\"name\":\"old\",\"role\":\"admin\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertEquals(400, past.status());
        assertTrue(past.body().contains("expiresAt"), past.body());
        Http.Answer role = http.admin("POST", "api/v1/admin/tokens", "application/json",
                "{\"name\":\"r\",\"role\":\"root\",\"expiresAt\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}");
        assertEquals(400, role.status());
        assertTrue(role.body().contains("\"role\""), role.body());
        assertEquals(404, http.admin("DELETE", "api/v1/admin/tokens/no-such-token", null, null).status());
    }

    @Test
    void aScaleInHookCountsFirstThenDeregistersWhatItsFilterMatches() {
        String type = Fixtures.typeCode("BULK");
        install(Fixtures.licenseFile("L-" + type, 50, type, "10"));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).json().getString("instanceId"));
        }
        Fixtures.silence(ids.get(0), "2 HOUR");
        Fixtures.silence(ids.get(1), "3 HOUR");
        String filter = "{\"licenseType\":\"" + type + "\",\"silentFor\":\"PT1H\"";
        JsonObject dry = http.admin("POST", "api/v1/admin/instances/deregistrations", "application/json", filter + ",\"dryRun\":true}").json();
        assertEquals(2, dry.getInt("matched"));
        assertEquals(0, dry.getInt("deregistered"));
        assertEquals(5, poolUsed(type), "a dry run changes nothing");
        JsonObject done = http.admin("POST", "api/v1/admin/instances/deregistrations", "application/json", filter + "}").json();
        assertEquals(2, done.getInt("deregistered"));
        assertEquals(List.of(ids.get(1), ids.get(0)), done.getJsonArray("instanceIds").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList(), "the longest silent first");
        assertEquals(3, poolUsed(type));
        Http.Answer none = http.admin("POST", "api/v1/admin/instances/deregistrations", "application/json", "{\"dryRun\":true}");
        assertEquals(400, none.status(), "at least one filter: never everything by mistake");
        assertEquals(400, http.admin("POST", "api/v1/admin/instances/deregistrations", "application/json", "{\"status\":\"RELEASED\"}").status());
    }

    @Test
    void installingTheSameFileTwiceAndDeletingWhatIsGoneChangeNothing() {
        String type = Fixtures.typeCode("IDEM");
        String file = Fixtures.licenseFile("L-" + type, 5, type, "3");
        install(file);
        install(file);
        long lines = Fixtures.count("SELECT COUNT(*) FROM audit_event WHERE message LIKE ?", "License file L-" + type + "%");
        assertEquals(1, lines, "the same file again writes nothing");
        assertEquals(204, http.admin("DELETE", "api/v1/admin/entitlements/L-" + type, null, null).status());
        assertEquals(204, http.admin("DELETE", "api/v1/admin/entitlements/L-" + type, null, null).status());
        assertEquals(2, Fixtures.count("SELECT COUNT(*) FROM audit_event WHERE message LIKE ?", "License file L-" + type + "%"));
    }

    /** Issue 22: the vendor checks a signed MELA report offline with the key exported once; a changed figure breaks it. */
    @Test
    void aSignedReportVerifiesOfflineAndAnyChangeBreaksIt() throws Exception {
        String type = Fixtures.typeCode("SIG");
        install(Fixtures.licenseFile("L-" + type, 50, type, "10"));
        assertEquals(201, http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).status());
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        Http.Answer signed = http.admin("GET", "api/v1/admin/reports/mela?from=" + today + "&to=" + today + "&signed=true", null, null);
        assertEquals(200, signed.status(), signed.toString());
        assertTrue(signed.contentType().startsWith("application/jose"), signed.contentType());
        Http.Answer key = http.admin("GET", "api/v1/admin/reports/mela/signing-key", null, null);
        assertEquals(200, key.status());
        assertFalse(key.body().contains("\"d\""), "the public half only");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "signed-report");
        java.nio.file.Path report = java.nio.file.Files.writeString(dir.resolve("report.jws"), signed.body());
        java.nio.file.Path jwk = java.nio.file.Files.writeString(dir.resolve("server.jwk"), key.body());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(0, net.activationserver.licensing.vendor.VendorTool.run(new String[]{"verify-report", report.toString(), "--server-key", jwk.toString()},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(out, true, StandardCharsets.UTF_8)), out.toString());
        String verified = out.toString(StandardCharsets.UTF_8);
        assertTrue(verified.contains("verified: MELA report of server") && verified.contains(type), verified);

        // the customer raises nothing and lowers a figure: the payload changes, the signature no longer matches
        String[] parts = signed.body().split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String lowered = payload.replaceFirst("\"peakSeatsInUse\":1", "\"peakSeatsInUse\":0");
        assertFalse(lowered.equals(payload), payload);
        java.nio.file.Files.writeString(report, parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(lowered.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        java.io.ByteArrayOutputStream refused = new java.io.ByteArrayOutputStream();
        assertEquals(1, net.activationserver.licensing.vendor.VendorTool.run(new String[]{"verify-report", report.toString(), "--server-key", jwk.toString()},
                new java.io.PrintStream(refused, true, StandardCharsets.UTF_8), new java.io.PrintStream(refused, true, StandardCharsets.UTF_8)));
        assertTrue(refused.toString(StandardCharsets.UTF_8).contains("NOT VERIFIED"), refused.toString());
    }

    /** Issue 22: an autoscaling group's network releases after an hour of silence, its leases no longer than that. */
    @Test
    void aNetworkReleasesItsAppliancesSoonerAndShortensTheirLeases() {
        String type = Fixtures.typeCode("NREL");
        install(Fixtures.licenseFile("L-" + type, 50, type, "10"));
        JsonObject network = http.admin("POST", "api/v1/admin/networks", "application/json", "{\"name\":\"asg-" + type.toLowerCase() + "\"}").json();
        long networkId = network.getJsonNumber("id").longValue();
        Http.Answer set = http.admin("PUT", "api/v1/admin/networks/" + networkId + "/release-after", "application/json", "{\"releaseAfter\":\"PT1H\"}");
        assertEquals(200, set.status(), set.toString());
        assertEquals("PT1H", set.json().getString("releaseAfter"));
        assertEquals(400, http.admin("PUT", "api/v1/admin/networks/" + networkId + "/release-after", "application/json", "{\"releaseAfter\":\"PT1S\"}").status());

        JsonObject scaled = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).json();
        JsonObject kept = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).json();
        String scaledId = scaled.getString("instanceId");
        assertEquals(200, http.admin("PUT", "api/v1/admin/instances/" + scaledId + "/network", "application/json",
                "{\"networkId\":" + networkId + "}").status());
        Http.Answer beat = http.instance("POST", "api/v1/instances/" + scaledId + "/heartbeat", scaled.getString("instanceToken"), null);
        assertEquals(200, beat.status(), beat.toString());
        Instant leaseEnd = Instant.parse(beat.json().getString("leaseExpiresAt"));
        assertTrue(leaseEnd.isBefore(Instant.now().plus(2, ChronoUnit.HOURS)), "the lease no longer outlives the network's release: " + leaseEnd);
        assertTrue(leaseEnd.isAfter(Instant.now().plus(50, ChronoUnit.MINUTES)), leaseEnd.toString());

        Fixtures.silence(scaledId, "2 HOUR");
        Fixtures.silence(kept.getString("instanceId"), "2 HOUR");
        assertEquals(200, http.admin("POST", "api/v1/admin/sweeps", null, null).status());
        assertEquals("RELEASED", http.admin("GET", "api/v1/admin/instances/" + scaledId, null, null).json().getString("status"));
        assertEquals("STALE", http.admin("GET", "api/v1/admin/instances/" + kept.getString("instanceId"), null, null).json().getString("status"),
                "the default network keeps asl.seat.release-after");
        assertTrue(http.admin("GET", "api/v1/admin/audit?instanceId=" + scaledId, null, null).body().contains("(released after 1 hour)"));
    }

    private JsonObject token(String name, String role) {
        Http.Answer created = http.admin("POST", "api/v1/admin/tokens", "application/json",
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"expiresAt\":\"" + Instant.now().plus(30, ChronoUnit.DAYS) + "\"}");
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    private Http.Answer bearer(String token, String method, String path, String json) {
        return http.plain(method, path, json == null ? null : "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + token);
    }

    private int poolUsed(String type) {
        return http.admin("GET", "api/v1/admin/pool", null, null).json().getJsonArray("types").stream().map(t -> t.asJsonObject())
                .filter(t -> t.getString("code").equals(type)).findFirst().orElseThrow().getInt("used");
    }
}
