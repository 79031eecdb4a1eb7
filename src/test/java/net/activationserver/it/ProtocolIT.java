package net.activationserver.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import net.activationserver.server.entity.ProblemCode;
import net.activationserver.licensing.entity.Ed25519;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The appliance protocol of API.md, end to end: every endpoint and the audit lines it writes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the metrics of a fresh node first; the rest in JUnit's usual order
class ProtocolIT extends ItBase {

    /** How long something written behind an answer (heartbeats, in batches every 100 ms) may take to show. */
    private static final Duration WRITTEN_BEHIND = Duration.ofSeconds(10);

    /** First on the node this class deploys: every series answers before anything was refused, at 0, for Prometheus. */
    @Test
    @Order(1)
    void metricsAnswerFromTheStart() {
        for (String path : List.of("metrics", "metrics?scope=application")) { // the second is the address of earlier builds
            Http.Answer metrics = http.plain("GET", path, null, null);
            assertEquals(200, metrics.status(), path + ": " + metrics);
            // the Prometheus text format (Undertow writes it without the space before charset)
            assertEquals("text/plain;version=0.0.4;charset=utf-8", metrics.contentType().replace(" ", "").toLowerCase(Locale.ROOT),
                    path + ": " + metrics.contentType());
            List<String> samples = metrics.body().lines().filter(line -> !line.startsWith("#")).toList();
            for (ProblemCode code : ProblemCode.values()) {
                assertTrue(samples.contains("asl_refusals_total{code=\"" + code.name() + "\"} 0.0"), code + " in " + metrics.body());
            }
            assertTrue(samples.contains("asl_heartbeats_total 0.0"), metrics.body());
            assertTrue(samples.contains("asl_activation_batch_size_count 0"), metrics.body());
            assertTrue(samples.contains("asl_activation_batch_size_sum 0.0"), metrics.body());
        }
    }

    @Test
    void pingAnswersWithoutProof() {
        Http.Answer ping = http.plain("GET", "api/v1/ping", null, null);
        assertEquals(200, ping.status(), ping.toString());
        assertEquals("UP", ping.json().getString("status"));
        assertEquals("it-node", ping.json().getString("node"));
        Instant time = Instant.parse(ping.json().getString("time"));
        assertTrue(Duration.between(time, Instant.now()).abs().getSeconds() < 60);
    }

    @Test
    void licenseTypesListOnlyTypesOfferedForThePlatform() {
        String type = Fixtures.typeCode("LT");
        install(Fixtures.licenseFile("L-" + type, 50, type, "7"));
        JsonObject listed = typeOf("KVM", type);
        assertNotNull(listed, "offered on KVM");
        assertEquals(7, listed.getInt("seats"));
        assertEquals(0, listed.getInt("used"));
        assertEquals(7, listed.getInt("available"));
        assertEquals(List.of("VMWARE", "KVM"), listed.getJsonArray("platforms").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertNull(typeOf("AZURE", type), "not offered on AZURE");
        activate(Fixtures.mac(), type);
        assertEquals(1, typeOf("VMWARE", type).getInt("used"));
        assertEquals(6, typeOf("VMWARE", type).getInt("available"));
    }

    @Test
    void activationGivesATokenAndALeaseSignedWithAPublishedKey() throws Exception {
        String type = Fixtures.typeCode("ACT");
        install(Fixtures.licenseFile("L-" + type, 50, type, "5"));
        String mac = Fixtures.mac();
        Http.Answer answer = http.appliance("POST", "api/v1/activations",
                Fixtures.activation(mac.toLowerCase().replace(':', '-'), type));
        assertEquals(201, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/json"));
        JsonObject body = answer.json();
        String id = body.getString("instanceId");
        assertEquals(36, id.length());
        assertTrue(body.getString("instanceToken").length() >= 32);
        assertEquals(type, body.getString("licenseType"));
        assertEquals("ACTIVE", body.getString("status"));
        assertEquals(60, body.getInt("heartbeatIntervalSeconds"));

        SignedJWT lease = SignedJWT.parse(body.getString("lease"));
        JWKSet keys = JWKSet.parse(http.plain("GET", "api/v1/lease-keys", null, null).body());
        assertEquals(JWSAlgorithm.EdDSA, lease.getHeader().getAlgorithm(), "leases are signed with Ed25519");
        OctetKeyPair key = (OctetKeyPair) keys.getKeyByKeyId(lease.getHeader().getKeyID());
        assertNotNull(key, "the lease's kid is published");
        assertFalse(key.isPrivate(), "only public keys are published");
        assertTrue(lease.verify(Ed25519.verifier(key)), "verifies with the JDK's own Ed25519");
        assertEquals(id, lease.getJWTClaimsSet().getSubject());
        assertEquals(mac, lease.getJWTClaimsSet().getStringClaim("mac"), "the MAC in canonical form");
        assertEquals(type, lease.getJWTClaimsSet().getStringClaim("lic"));
        assertNotNull(lease.getJWTClaimsSet().getIssuer());
        assertNotNull(lease.getJWTClaimsSet().getJWTID());
        Instant exp = lease.getJWTClaimsSet().getExpirationTime().toInstant();
        assertTrue(Duration.between(Instant.now().plus(Duration.ofDays(30)), exp).abs().getSeconds() < 120, "exp is 30 days out");
        assertEquals(exp, Instant.parse(body.getString("leaseExpiresAt")));

        Http.Answer listed = http.admin("GET", "api/v1/admin/instances?mac=" + mac, null, null);
        JsonObject instance = listed.array().getJsonObject(0);
        assertEquals(mac, instance.getString("mac"));
        assertEquals("VMWARE", instance.getString("platform"));
        assertEquals("lm-it", instance.getString("hostname"));
        assertEquals("ACTIVE", instance.getString("status"));
        assertEquals(List.of("Activating ASL instance with ASL License " + type + ". Current activations is 1. Appliance lm-it, MAC " + mac),
                auditOf(id));
    }

    @Test
    void heartbeatsWrittenBehindManyPerStatementEachGetTheirOwnTimeAndBuild() throws Exception {
        String type = Fixtures.typeCode("HBM");
        int appliances = 120;
        install(Fixtures.licenseFile("L-" + type, appliances, type, Integer.toString(appliances)));
        List<JsonObject> activated = new java.util.ArrayList<>();
        for (int i = 0; i < appliances; i++) {
            activated.add(activate(Fixtures.mac(), type));
        }
        // one after the other, each within its own window of time; a flush (every 100 ms) writes tens of them at once
        java.time.LocalDateTime[][] windows = new java.time.LocalDateTime[appliances][];
        for (int i = 0; i < appliances; i++) {
            JsonObject appliance = activated.get(i);
            java.time.LocalDateTime sent = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC);
            assertEquals(200, http.instance("POST", "api/v1/instances/" + appliance.getString("instanceId") + "/heartbeat",
                    appliance.getString("instanceToken"), "{\"build\":\"7.3." + i + ".0\"}").status());
            windows[i] = new java.time.LocalDateTime[] {sent, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)};
        }
        // written behind the answers, by the node's heartbeat batches (every 100 ms)
        assertEquals((long) appliances, await("every heartbeat written with its own time and build").atMost(WRITTEN_BEHIND)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
                    long written = 0;
                    for (int i = 0; i < appliances; i++) {
                        written += Fixtures.count("SELECT COUNT(*) FROM instance WHERE id = ? AND build = ? AND last_heartbeat_at BETWEEN ? AND ?",
                                activated.get(i).getString("instanceId"), "7.3." + i + ".0", windows[i][0], windows[i][1]);
                    }
                    return written;
                }, n -> n == appliances), "every row has its own heartbeat's time and build");
    }

    @Test
    void heartbeatRenewsTheLeaseAndNeedsTheToken() throws Exception {
        String type = Fixtures.typeCode("HB");
        install(Fixtures.licenseFile("L-" + type, 50, type, "5"));
        JsonObject activated = activate(Fixtures.mac(), type);
        String id = activated.getString("instanceId");
        String token = activated.getString("instanceToken");

        Http.Answer beat = http.instance("POST", "api/v1/instances/" + id + "/heartbeat", token, "{\"build\":\"7.2.60.0\",\"uptimeSeconds\":123}");
        assertEquals(200, beat.status(), beat.toString());
        assertEquals("ACTIVE", beat.json().getString("status"));
        assertEquals(60, beat.json().getInt("heartbeatIntervalSeconds"));
        assertEquals(id, SignedJWT.parse(beat.json().getString("lease")).getJWTClaimsSet().getSubject());
        assertEquals("7.2.60.0", await("the heartbeat's build written").atMost(WRITTEN_BEHIND).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("build"), "7.2.60.0"::equals),
                "the build is written with the node's next heartbeat batch");
        assertEquals(200, http.instance("POST", "api/v1/instances/" + id + "/heartbeat", token, null).status(), "the body is optional");

        assertProblem(http.instance("POST", "api/v1/instances/" + id + "/heartbeat", "wrong-token", null), 401, "ASL_BAD_INSTANCE_TOKEN");
        assertProblem(http.appliance("POST", "api/v1/instances/" + id + "/heartbeat", null), 401, "ASL_BAD_INSTANCE_TOKEN");
        assertProblem(http.instance("POST", "api/v1/instances/00000000-0000-4000-8000-000000000000/heartbeat", token, null), 404, "ASL_UNKNOWN_INSTANCE");
        assertProblem(http.instance("POST", "api/v1/instances/not-a-uuid/heartbeat", token, null), 404, "ASL_UNKNOWN_INSTANCE");
    }

    @Test
    void theSameMacActivatingAgainKeepsItsSeatAndGetsANewToken() {
        String type = Fixtures.typeCode("RE");
        install(Fixtures.licenseFile("L-" + type, 50, type, "5"));
        String mac = Fixtures.mac();
        JsonObject first = activate(mac, type);
        Http.Answer again = http.appliance("POST", "api/v1/activations", Fixtures.activation(mac.replace(":", "").toLowerCase(), type));
        assertEquals(200, again.status(), again.toString());
        assertEquals(first.getString("instanceId"), again.json().getString("instanceId"));
        assertNotEquals(first.getString("instanceToken"), again.json().getString("instanceToken"));
        assertEquals(1, typeOf("VMWARE", type).getInt("used"), "no second seat");
        String id = first.getString("instanceId");
        assertProblem(http.instance("POST", "api/v1/instances/" + id + "/heartbeat", first.getString("instanceToken"), null), 401, "ASL_BAD_INSTANCE_TOKEN");
        assertEquals(200, http.instance("POST", "api/v1/instances/" + id + "/heartbeat", again.json().getString("instanceToken"), null).status());
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM instance WHERE mac = ?", mac));
    }

    @Test
    void relicensingMovesTheSeatAndWritesTheTwoSeedLines() {
        String from = Fixtures.typeCode("FROM");
        String to = Fixtures.typeCode("TO");
        install(Fixtures.licenseFile("L-" + from, 50, from, "5", to, "5"));
        activate(Fixtures.mac(), from);
        activate(Fixtures.mac(), to);
        String movingMac = Fixtures.mac();
        JsonObject moving = activate(movingMac, from);
        String id = moving.getString("instanceId");

        Http.Answer changed = http.instance("PUT", "api/v1/instances/" + id + "/license", moving.getString("instanceToken"), "{\"licenseType\":\"" + to + "\"}");
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(to, changed.json().getString("licenseType"));
        assertEquals(id, changed.json().getString("instanceId"));
        assertTrue(!changed.json().containsKey("instanceToken"), "the appliance keeps its token");
        assertEquals(List.of(
                "Activating ASL instance with ASL License " + from + ". Current activations is 2. Appliance lm-it, MAC " + movingMac,
                "ASL Instance license change. Old license was " + from + " and current activations is 1. Appliance lm-it, MAC " + movingMac,
                "Activating ASL instance with ASL License " + to + ". Current activations is 2. Appliance lm-it, MAC " + movingMac), auditOf(id));
        assertEquals(1, typeOf("VMWARE", from).getInt("used"));
        assertEquals(2, typeOf("VMWARE", to).getInt("used"));
        assertEquals(200, http.instance("POST", "api/v1/instances/" + id + "/heartbeat", moving.getString("instanceToken"), null).status());

        Http.Answer byActivation = http.appliance("POST", "api/v1/activations",
                Fixtures.activation(http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("mac"), from));
        assertEquals(200, byActivation.status(), "re-activation with another type relicenses: " + byActivation);
        assertEquals(from, byActivation.json().getString("licenseType"));
        assertEquals(2, typeOf("VMWARE", from).getInt("used"));
        assertEquals(1, typeOf("VMWARE", to).getInt("used"));
    }

    @Test
    void killFreesTheSeatThenTheInstanceIsGone() {
        String type = Fixtures.typeCode("KILL");
        install(Fixtures.licenseFile("L-" + type, 50, type, "1"));
        JsonObject activated = activate(Fixtures.mac(), type);
        String id = activated.getString("instanceId");
        String token = activated.getString("instanceToken");
        assertProblem(http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)), 409, "ASL_TYPE_EXHAUSTED");

        Http.Answer killed = http.instance("DELETE", "api/v1/instances/" + id, token, null);
        assertEquals(204, killed.status(), killed.toString());
        assertEquals(0, typeOf("VMWARE", type).getInt("used"));
        assertProblem(http.instance("POST", "api/v1/instances/" + id + "/heartbeat", token, null), 410, "ASL_DEREGISTERED");
        assertProblem(http.instance("DELETE", "api/v1/instances/" + id, token, null), 410, "ASL_DEREGISTERED");
        assertProblem(http.instance("PUT", "api/v1/instances/" + id + "/license", token, "{\"licenseType\":\"" + type + "\"}"), 410, "ASL_DEREGISTERED");
        assertEquals("DEREGISTERED", http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("status"));
        activate(Fixtures.mac(), type);
    }

    @Test
    void adminDeregistrationFreesTheSeatAndTheApplianceGets410() {
        String type = Fixtures.typeCode("DEREG");
        install(Fixtures.licenseFile("L-" + type, 50, type, "2"));
        JsonObject activated = activate(Fixtures.mac(), type);
        String id = activated.getString("instanceId");

        assertEquals(204, http.admin("DELETE", "api/v1/admin/instances/" + id, null, null).status());
        assertEquals(0, typeOf("VMWARE", type).getInt("used"));
        assertProblem(http.instance("POST", "api/v1/instances/" + id + "/heartbeat", activated.getString("instanceToken"), null), 410, "ASL_DEREGISTERED");
        assertEquals(204, http.admin("DELETE", "api/v1/admin/instances/" + id, null, null).status(), "again: gone already, nothing changes");
        List<String> audit = auditOf(id);
        assertEquals(2, audit.size(), audit.toString());
        assertTrue(audit.get(1).contains("deregistered by admin"), audit.toString());
        JsonObject entry = http.admin("GET", "api/v1/admin/audit?instanceId=" + id, null, null).array().getJsonObject(0);
        assertEquals("ADMIN", entry.getString("actorKind"));
        assertEquals("admin", entry.getString("actor"));
        assertEquals("DEREGISTERED", http.admin("GET", "api/v1/admin/instances?status=DEREGISTERED&mac="
                + http.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("mac"), null, null).array().getJsonObject(0).getString("status"));
    }

    @Test
    void leaseKeysCanBeAddedWhileOldLeasesStillVerify() throws Exception {
        String type = Fixtures.typeCode("KEY");
        install(Fixtures.licenseFile("L-" + type, 50, type, "2"));
        SignedJWT before = SignedJWT.parse(activate(Fixtures.mac(), type).getString("lease"));
        Http.Answer added = http.admin("POST", "api/v1/admin/lease-keys", null, null);
        assertEquals(201, added.status(), added.toString());
        String kid = added.json().getString("kid");
        SignedJWT after = SignedJWT.parse(activate(Fixtures.mac(), type).getString("lease"));
        assertEquals(kid, after.getHeader().getKeyID(), "new leases are signed with the new key");
        JWKSet keys = JWKSet.parse(http.plain("GET", "api/v1/lease-keys", null, null).body());
        assertTrue(before.verify(Ed25519.verifier((OctetKeyPair) keys.getKeyByKeyId(before.getHeader().getKeyID()))), "old lease still verifies");
        assertTrue(after.verify(Ed25519.verifier((OctetKeyPair) keys.getKeyByKeyId(kid))));
    }

    @Test
    void melaReportCountsTheSeatsHeldPerDayAndType() {
        String type = Fixtures.typeCode("MELA");
        String other = Fixtures.typeCode("MELB");
        install(Fixtures.licenseFile("L-" + type, 50, type, "5", other, "5"));
        activate(Fixtures.mac(), type);
        JsonObject second = activate(Fixtures.mac(), type);
        http.instance("PUT", "api/v1/instances/" + second.getString("instanceId") + "/license", second.getString("instanceToken"),
                "{\"licenseType\":\"" + other + "\"}");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        // instance-hours are given to 4 decimals (0.36 s): wait until the seats have been held long enough to show
        await("the type's instance-hours above 0 in the report").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.admin("GET", "api/v1/admin/reports/mela?from=" + today + "&to=" + today, null, null).body().lines()
                        .filter(l -> l.contains("," + type + ",")).anyMatch(l -> Double.parseDouble(l.split(",")[4]) > 0));

        Http.Answer csv = http.admin("GET", "api/v1/admin/reports/mela?from=" + today + "&to=" + today, null, null);
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        List<String> lines = csv.body().lines().toList();
        assertEquals("date,licenseType,peakSeatsInUse,averageSeatsInUse,instanceHours", lines.get(0));
        String typeRow = lines.stream().filter(l -> l.contains("," + type + ",")).findFirst().orElseThrow(() -> new AssertionError(csv.body()));
        String[] cells = typeRow.split(",");
        assertEquals(today, cells[0]);
        assertEquals("2", cells[2], "two seats of the type at once before the relicense: " + typeRow);
        assertTrue(Double.parseDouble(cells[4]) > 0, typeRow);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(today + "," + other + ",1,")), "the relicensed seat counts for the new type: " + csv.body());

        Http.Answer json = http.plain("GET", "api/v1/admin/reports/mela?from=" + today + "&to=" + today, null, null,
                "Accept", "application/json", "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + Http.ADMIN_PASSWORD).getBytes()));
        assertEquals(200, json.status(), json.toString());
        JsonObject row = json.array().stream().map(jakarta.json.JsonValue::asJsonObject).filter(r -> r.getString("licenseType").equals(type)).findFirst().orElseThrow();
        assertEquals(2, row.getInt("peakSeatsInUse"));

        assertProblem(http.admin("GET", "api/v1/admin/reports/mela?from=2026-13-01&to=" + today, null, null), 400, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("GET", "api/v1/admin/reports/mela?from=" + today + "&to=2020-01-01", null, null), 400, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("GET", "api/v1/admin/reports/mela?to=" + today, null, null), 400, "ASL_INVALID_REQUEST");
    }

    @Test
    void openApiAndHealthAreServed() {
        Http.Answer openapi = http.plain("GET", "openapi", null, null);
        assertEquals(200, openapi.status());
        assertTrue(openapi.body().contains("/api/v1/activations") && openapi.body().contains("ASL_LIMIT_REACHED"), "documents the endpoints and codes");
        Http.Answer ready = new Http(Fixtures.healthBase(base)).plain("GET", "health/ready", null, null);
        assertEquals(200, ready.status(), ready.toString());
        assertTrue(ready.body().contains("database"));
        Http.Answer metrics = http.plain("GET", "metrics?scope=application", null, null);
        assertEquals(200, metrics.status(), metrics.toString());
        assertTrue(metrics.body().contains("asl_activations_total"), metrics.body());
    }
}
