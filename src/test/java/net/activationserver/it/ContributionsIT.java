package net.activationserver.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client-contributed licenses: a license file an appliance carries joins the pool while the appliance lives, leaves it
 * when the appliance is deregistered, killed or silent for asl.contribution.retain; a shrunken pool keeps running
 * appliances but grants nothing new until it is in balance; a bad file changes nothing.
 */
class ContributionsIT extends ItBase {

    private JsonObject pool() {
        Http.Answer pool = http.admin("GET", "api/v1/admin/pool", null, null);
        assertEquals(200, pool.status(), pool.toString());
        return pool.json();
    }

    private int seats(String code) {
        return pool().getJsonArray("types").stream().map(JsonValue::asJsonObject).filter(t -> t.getString("code").equals(code))
                .findFirst().map(t -> t.getInt("seats")).orElse(0);
    }

    private JsonArray entitlements() {
        Http.Answer answer = http.admin("GET", "api/v1/admin/entitlements", null, null);
        assertEquals(200, answer.status(), answer.toString());
        return answer.array();
    }

    private JsonObject entitlement(String licenseId) {
        return entitlements().stream().map(JsonValue::asJsonObject).filter(e -> e.getString("licenseId").equals(licenseId))
                .findFirst().orElse(null);
    }

    private Http.Answer tryActivate(String type) {
        return http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type));
    }

    private static String tampered(String file) {
        return file.substring(0, file.length() - 6) + (file.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    }

    @Test
    void contributedSeatsJoinThePoolWhileTheApplianceLivesAndAShrunkenPoolGrantsNothingUntilInBalance() {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("CONTRIB");
        install(Fixtures.licenseFile("L-SERVER-" + type, 50, type, "2"));
        JsonObject a = activate(Fixtures.mac(), type);
        String aId = a.getString("instanceId");

        Http.Answer contributed = http.contribute(aId, a.getString("instanceToken"), Fixtures.licenseFile("L-CLIENT-" + type, 2, type, "2"));
        assertEquals(201, contributed.status(), contributed.toString());
        JsonObject contribution = contributed.json();
        assertEquals("L-CLIENT-" + type, contribution.getString("licenseId"));
        assertEquals(aId, contribution.getString("contributedBy"));
        assertEquals(2, contribution.getJsonArray("types").getJsonObject(0).getInt("seats"));
        assertEquals(4, seats(type), "2 installed + 2 contributed");
        assertEquals(52, pool().getInt("instanceLimit"));
        assertEquals(aId, entitlement("L-CLIENT-" + type).getString("contributedBy"), "the admin API shows who contributed it");
        assertTrue(entitlement("L-SERVER-" + type).getString("contributedBy", null) == null);
        assertTrue(auditOf(aId).stream().anyMatch(line -> line.startsWith("License file L-CLIENT-" + type + " contributed by appliance ")),
                auditOf(aId).toString());

        JsonObject b = activate(Fixtures.mac(), type);
        JsonObject c = activate(Fixtures.mac(), type);
        activate(Fixtures.mac(), type);
        assertProblem(tryActivate(type), 409, "ASL_TYPE_EXHAUSTED");
        assertTrue(pool().getJsonArray("overage").isEmpty());

        assertEquals(204, http.admin("DELETE", "api/v1/admin/instances/" + aId, null, null).status());
        assertEquals(2, seats(type), "the contribution left with its appliance");
        assertEquals(null, entitlement("L-CLIENT-" + type));
        assertTrue(auditOf(aId).stream().anyMatch(line -> line.startsWith("Contributed license file L-CLIENT-" + type + " of instance " + aId
                + " removed from the pool: the instance was deregistered by admin")), auditOf(aId).toString());
        JsonArray overage = pool().getJsonArray("overage");
        assertEquals(1, overage.size(), overage.toString());
        assertEquals(type, overage.getJsonObject(0).getString("code"));
        assertEquals(3, overage.getJsonObject(0).getInt("used"), "B, C and D keep their seats");
        assertEquals(1, overage.getJsonObject(0).getInt("over"));
        assertEquals(3, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL", type));
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NULL", type), "no free seat to grant");
        assertEquals(200, http.instance("POST", "api/v1/instances/" + b.getString("instanceId") + "/heartbeat", b.getString("instanceToken"), null).status(),
                "a running appliance keeps its seat");

        assertProblem(tryActivate(type), 409, "ASL_TYPE_EXHAUSTED");
        assertEquals(204, http.instance("DELETE", "api/v1/instances/" + b.getString("instanceId"), b.getString("instanceToken"), null).status());
        assertTrue(pool().getJsonArray("overage").isEmpty(), "2 in use of 2: in balance");
        assertProblem(tryActivate(type), 409, "ASL_TYPE_EXHAUSTED");
        assertEquals(204, http.instance("DELETE", "api/v1/instances/" + c.getString("instanceId"), c.getString("instanceToken"), null).status());
        assertEquals(201, tryActivate(type).status(), "a seat within the pool is free again");
        assertEquals(2, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ?", type), "no seat row beyond the pool is left");
    }

    @Test
    void aBadFileIsRefusedAndChangesNothing() {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("CONTRIB");
        install(Fixtures.licenseFile("L-BASE-" + type, 10, type, "3"));
        JsonObject a = activate(Fixtures.mac(), type);
        String id = a.getString("instanceId");
        String token = a.getString("instanceToken");
        long audit = Fixtures.count("SELECT COUNT(*) FROM audit_event");
        String pool = pool().toString();

        String good = Fixtures.licenseFile("L-BAD-" + type, 5, type, "5");
        for (String bad : List.of(tampered(good), "not a license file", Fixtures.signUnchecked("{\"licenseId\":\"L-OLD-" + type
                + "\",\"customer\":\"IT Corp\",\"issuedAt\":\"" + Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                + "\",\"expiresAt\":\"" + Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\",\"instanceLimit\":5,"
                + "\"types\":[{\"code\":\"" + type + "\",\"name\":\"x\",\"platforms\":[\"VMWARE\"],\"seats\":5}]}"), Fixtures.signUnchecked("{\"licenseId\":\"L-X\"}"))) {
            assertProblem(http.contribute(id, token, bad), 400, "ASL_BAD_LICENSE_FILE");
        }
        assertEquals(pool, pool().toString(), "the pool is unchanged");
        assertEquals(1, entitlements().size());
        assertEquals(audit, Fixtures.count("SELECT COUNT(*) FROM audit_event"), "no audit line");

        assertProblem(http.contribute(id, "not-the-token", good), 401, "ASL_BAD_INSTANCE_TOKEN");
        assertProblem(http.plain("POST", "api/v1/instances/" + id + "/contributions", "application/jose",
                good.getBytes(java.nio.charset.StandardCharsets.UTF_8), "Authorization", "Bearer " + token), 401, "ASL_NOT_AN_APPLIANCE");
        assertProblem(http.contribute("00000000-0000-4000-8000-00000000dead", token, good), 404, "ASL_UNKNOWN_INSTANCE");
        assertEquals(pool, pool().toString());

        assertEquals(204, http.instance("DELETE", "api/v1/instances/" + id, token, null).status());
        assertProblem(http.contribute(id, token, good), 410, "ASL_DEREGISTERED");
        assertEquals(1, entitlements().size(), "a deregistered appliance contributes nothing");
    }

    @Test
    void theSameLicenseIdCountsOnceAndTheNewestContributionHoldsIt() {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("CONTRIB");
        install(Fixtures.licenseFile("L-SRV-" + type, 10, type, "1"));
        JsonObject a = activate(Fixtures.mac(), type);
        String file = "L-SHARED-" + type;
        assertEquals(201, http.contribute(a.getString("instanceId"), a.getString("instanceToken"), Fixtures.licenseFile(file, 5, type, "2")).status());
        assertEquals(201, http.contribute(a.getString("instanceId"), a.getString("instanceToken"), Fixtures.licenseFile(file, 5, type, "3")).status());
        assertEquals(4, seats(type), "replaced, not added: 1 + 3");

        JsonObject b = activate(Fixtures.mac(), type);
        Http.Answer takenOver = http.contribute(b.getString("instanceId"), b.getString("instanceToken"), Fixtures.licenseFile(file, 5, type, "3"));
        assertEquals(201, takenOver.status(), takenOver.toString());
        assertEquals(b.getString("instanceId"), takenOver.json().getString("contributedBy"));
        assertEquals(4, seats(type), "a copy of one file on two appliances counts once");
        assertEquals(2, entitlements().size());

        assertEquals(204, http.instance("DELETE", "api/v1/instances/" + a.getString("instanceId"), a.getString("instanceToken"), null).status());
        assertEquals(4, seats(type), "B holds the file now: it stays when A goes");

        Http.Answer installedAlready = http.contribute(b.getString("instanceId"), b.getString("instanceToken"), Fixtures.licenseFile("L-SRV-" + type, 10, type, "1"));
        assertEquals(200, installedAlready.status(), installedAlready.toString());
        assertTrue(installedAlready.json().getString("contributedBy", null) == null, "installed on the server: it stays the server's");
        assertEquals(4, seats(type));

        install(Fixtures.licenseFile(file, 5, type, "3"));
        assertTrue(entitlement(file).getString("contributedBy", null) == null, "installed by an admin, it no longer depends on the appliance");
        assertEquals(204, http.instance("DELETE", "api/v1/instances/" + b.getString("instanceId"), b.getString("instanceToken"), null).status());
        assertEquals(4, seats(type));
    }

    @Test
    void contributedSeatsLeaveTheRetentionPeriodAfterTheLastHeartbeat() throws Exception {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("CONTRIB");
        install(Fixtures.licenseFile("L-R-" + type, 10, type, "1"));
        JsonObject a = activate(Fixtures.mac(), type);
        String id = a.getString("instanceId");
        assertEquals(201, http.contribute(id, a.getString("instanceToken"), Fixtures.licenseFile("L-RC-" + type, 5, type, "4")).status());
        assertEquals(5, seats(type));

        Http.Answer sweep = http.admin("POST", "api/v1/admin/sweeps", null, null);
        assertEquals(0, sweep.json().getInt("contributionsRemoved"), "heard from just now: kept");
        assertEquals(5, seats(type));

        // silent for the default asl.contribution.retain (P30D) and a minute: STALE, still holding its seat, not yet released
        Fixtures.silence(id, "30 DAY - INTERVAL 1 MINUTE");
        sweep = http.admin("POST", "api/v1/admin/sweeps", null, null);
        assertEquals(200, sweep.status(), sweep.toString());
        assertEquals(1, sweep.json().getInt("contributionsRemoved"), sweep.toString());
        assertEquals(1, seats(type), "the contribution left the pool");
        assertEquals("STALE", http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("status"), "the appliance keeps its seat");
        assertEquals(0, http.admin("POST", "api/v1/admin/sweeps", null, null).json().getInt("contributionsRemoved"), "exactly once");
        assertEquals(1, auditOf(id).stream().filter(line -> line.startsWith("Contributed license file L-RC-" + type)
                && line.contains("sent no heartbeat for 30 days")).count(), auditOf(id).toString());
        assertFalse(entitlements().stream().anyMatch(e -> e.asJsonObject().getString("licenseId").equals("L-RC-" + type)));
    }
}
