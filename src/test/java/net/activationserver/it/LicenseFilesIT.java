package net.activationserver.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import net.activationserver.licensing.vendor.VendorTool;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vendor license files: installed, listed, replaced, removed; bad ones refused with nothing changed. */
class LicenseFilesIT extends ItBase {

    private JsonObject pool() {
        Http.Answer pool = http.admin("GET", "api/v1/admin/pool", null, null);
        assertEquals(200, pool.status(), pool.toString());
        return pool.json();
    }

    private JsonObject poolType(String code) {
        return pool().getJsonArray("types").stream().map(v -> v.asJsonObject()).filter(t -> t.getString("code").equals(code)).findFirst().orElseThrow();
    }

    @Test
    void twoFilesAddUpToOnePoolAsPrimaryAndBackupDo() {
        Fixtures.emptyPool(http);
        Http.Answer primary = http.admin("POST", "api/v1/admin/entitlements", "application/jose", Fixtures.licenseFile("PRIMARY", 16, "AP", "16", "PEFNG", "16"));
        assertEquals(201, primary.status(), primary.toString());
        JsonObject entitlement = primary.json();
        assertEquals("PRIMARY", entitlement.getString("licenseId"));
        assertEquals("IT Corp", entitlement.getString("customer"));
        assertEquals(16, entitlement.getInt("instanceLimit"));
        assertEquals(2, entitlement.getJsonArray("types").size());
        install(Fixtures.licenseFile("BACKUP", 16, "AP", "16", "PEFNG", "16"));
        JsonObject pool = pool();
        assertEquals(32, pool.getInt("instanceLimit"));
        assertEquals(32, poolType("AP").getInt("seats"));
        assertEquals(32, poolType("PEFNG").getInt("seats"));
        JsonArray listed = http.admin("GET", "api/v1/admin/entitlements", null, null).array();
        assertEquals(2, listed.size());
        assertEquals(32, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = 'AP'"));
    }

    @Test
    void theSameLicenseIdReplacesTheFile() {
        Fixtures.emptyPool(http);
        install(Fixtures.licenseFile("L-REPLACE", 10, "VLM-MAX", "5"));
        install(Fixtures.licenseFile("L-REPLACE", 20, "VLM-MAX", "8", "VLM-5000G", "2"));
        assertEquals(1, http.admin("GET", "api/v1/admin/entitlements", null, null).array().size());
        assertEquals(20, pool().getInt("instanceLimit"));
        assertEquals(8, poolType("VLM-MAX").getInt("seats"));
        assertEquals(2, poolType("VLM-5000G").getInt("seats"));
        install(Fixtures.licenseFile("L-REPLACE", 20, "VLM-MAX", "3"));
        assertEquals(3, poolType("VLM-MAX").getInt("seats"));
        assertEquals(0, poolType("VLM-5000G").getInt("seats"), "a type the new file no longer grants has no seats");
        assertEquals(3, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = 'VLM-MAX'"));
    }

    @Test
    void badFilesAre400AndChangeNothing() throws Exception {
        Fixtures.emptyPool(http);
        install(Fixtures.licenseFile("L-GOOD", 10, "VLM-MAX", "5"));
        String before = http.admin("GET", "api/v1/admin/entitlements", null, null).body();
        String poolBefore = pool().toString();

        String good = Fixtures.licenseFile("L-GOOD", 99, "VLM-MAX", "99");
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"seats\":99", "\"seats\":999");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        String otherVendor = VendorTool.sign(VendorTool.generate().toJSONString(),
                new String(Base64.getUrlDecoder().decode(parts[1])));
        String expired = Fixtures.licenseFile("L-GOOD", 99, Instant.now().minus(1, ChronoUnit.HOURS), "VLM-MAX", "99");
        String malformedPayload = Fixtures.signUnchecked("{\"licenseId\":\"L-GOOD\",\"customer\":\"x\"}");
        for (String bad : new String[]{tampered, otherVendor, expired, malformedPayload, "not a license file", ""}) {
            Http.Answer answer = http.admin("POST", "api/v1/admin/entitlements", "application/jose", bad);
            assertProblem(answer, 400, "ASL_BAD_LICENSE_FILE");
            assertFalse(answer.body().contains("Exception"), answer.body());
        }
        assertEquals(before, http.admin("GET", "api/v1/admin/entitlements", null, null).body(), "nothing changed");
        assertEquals(poolBefore, pool().toString());
        assertProblem(http.admin("POST", "api/v1/admin/entitlements", "application/json", "{}"), 415, "ASL_INVALID_REQUEST");
        JsonObject refused = http.admin("GET", "api/v1/admin/debug-log?code=ASL_BAD_LICENSE_FILE&limit=1", null, null).array().getJsonObject(0);
        assertTrue(refused.getString("message").contains("refused"), refused.toString());
    }

    @Test
    void removingAFileShrinksThePoolButKeepsRunningAppliances() {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("SHR");
        install(Fixtures.licenseFile("L-A", 10, type, "2"));
        install(Fixtures.licenseFile("L-B", 10, type, "2"));
        JsonObject[] running = new JsonObject[4];
        for (int i = 0; i < 4; i++) {
            running[i] = activate(Fixtures.mac(), type);
        }
        assertEquals(204, http.admin("DELETE", "api/v1/admin/entitlements/L-B", null, null).status());
        assertEquals(204, http.admin("DELETE", "api/v1/admin/entitlements/L-B", null, null).status(), "again: gone already, nothing changes");
        assertEquals(2, poolType(type).getInt("seats"));
        assertEquals(4, poolType(type).getInt("used"), "seats in use beyond the pool are not taken from running appliances");
        for (JsonObject instance : running) {
            assertEquals(200, http.instance("POST", "api/v1/instances/" + instance.getString("instanceId") + "/heartbeat",
                    instance.getString("instanceToken"), null).status());
        }
        assertProblem(http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)), 409, "ASL_TYPE_EXHAUSTED");
        // two leave: the pool is back in balance (2 in use of 2), still nothing free
        for (int i = 0; i < 2; i++) {
            assertEquals(204, http.instance("DELETE", "api/v1/instances/" + running[i].getString("instanceId"), running[i].getString("instanceToken"), null).status());
        }
        assertEquals(2, poolType(type).getInt("used"));
        assertProblem(http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)), 409, "ASL_TYPE_EXHAUSTED");
        assertEquals(2, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ?", type), "overage rows are gone");
        assertEquals(204, http.instance("DELETE", "api/v1/instances/" + running[2].getString("instanceId"), running[2].getString("instanceToken"), null).status());
        activate(Fixtures.mac(), type);
    }

    @Test
    void shrinkingThePoolMovesAppliancesHoldingSeatsAboveItIntoItsFreeSeats() {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("MOV");
        install(Fixtures.licenseFile("L-A", 20, type, "3"));
        install(Fixtures.licenseFile("L-B", 20, type, "3"));
        java.util.List<JsonObject> above = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            above.add(activate(Fixtures.mac(), type));
        }
        for (JsonObject instance : java.util.List.copyOf(above)) { // those on seats 1 to 3 leave: the ones on 4 to 6 stay
            if (Fixtures.count("SELECT slot FROM seat WHERE pool = ? AND instance_id = ?", type, instance.getString("instanceId")) <= 3) {
                assertEquals(204, http.admin("DELETE", "api/v1/admin/instances/" + instance.getString("instanceId"), null, null).status());
                above.remove(instance);
            }
        }
        assertEquals(3, above.size(), "six seats, six activations: three of them hold seats 4 to 6");

        assertEquals(204, http.admin("DELETE", "api/v1/admin/entitlements/L-B", null, null).status());

        assertEquals(3, poolType(type).getInt("seats"));
        assertEquals(3, poolType(type).getInt("used"));
        assertTrue(pool().getJsonArray("overage").isEmpty(), "the three moved into the three free seats: in balance");
        assertEquals(3, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL AND slot <= 3", type));
        assertEquals(3, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ?", type), "no row beyond the pool is left");
        for (JsonObject instance : above) {
            assertEquals(200, http.instance("POST", "api/v1/instances/" + instance.getString("instanceId") + "/heartbeat",
                    instance.getString("instanceToken"), null).status());
        }
        assertProblem(http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)), 409, "ASL_TYPE_EXHAUSTED");
        assertEquals(204, http.instance("DELETE", "api/v1/instances/" + above.get(0).getString("instanceId"),
                above.get(0).getString("instanceToken"), null).status());
        activate(Fixtures.mac(), type);
    }
}
