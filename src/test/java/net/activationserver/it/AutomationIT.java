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
