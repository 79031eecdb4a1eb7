package net.activationserver.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error a client can cause: a problem+json answer with its code, and nothing changed. */
class ProblemsIT extends ItBase {

    private static final String TYPE = Fixtures.typeCode("PRB");

    private void ensurePool() {
        if (typeOf("VMWARE", TYPE) == null) {
            install(Fixtures.licenseFile("L-" + TYPE, 1000, TYPE, "100"));
        }
    }

    private void assertRefusedAndNothingChanged(Http.Answer answer, int status, String code, long instancesBefore) {
        assertProblem(answer, status, code);
        assertFalse(answer.body().contains("Exception") || answer.body().contains("\tat "), "no stack trace: " + answer.body());
        assertEquals(instancesBefore, instances(), "nothing changed");
    }

    @Test
    void invalidActivationsAre400WithTheFieldNamed() {
        ensurePool();
        long before = instances();
        String good = Fixtures.activation(Fixtures.mac(), TYPE);
        String[][] cases = {
                {"{\"mac\": ", null},
                {"[1,2]", null},
                {good + " trailing", null},
                {good.replace(Fixtures.mac().substring(0, 2), "ZZ").replaceFirst("\"mac\":\"[^\"]+\"", "\"mac\":\"00:50:56:AB:CD\""), "mac"},
                {good.replaceFirst("\"mac\":\"[^\"]+\"", "\"mac\":123"), "mac"},
                {good.replace("\"VMWARE\"", "\"VAX\""), "platform"},
                {good.replace("\"lm-it\"", "\"" + "h".repeat(254) + "\""), "hostname"},
                {good.replace("\"lm-it\"", "\"bad host\""), "hostname"},
                {good.replace("\"build\"", "\"surprise\""), "surprise"},
                {good.replaceFirst(",\"licenseType\":\"[^\"]+\"", ""), "licenseType"},
        };
        for (String[] c : cases) {
            Http.Answer answer = http.appliance("POST", "api/v1/activations", c[0]);
            assertRefusedAndNothingChanged(answer, 400, "ASL_INVALID_REQUEST", before);
            if (c[1] != null) {
                JsonObject error = answer.json().getJsonArray("errors").getJsonObject(0);
                assertEquals(c[1], error.getString("field"), answer.toString());
                assertFalse(error.getString("message").isBlank());
            }
        }
    }

    @Test
    void wrongMediaTypeIs415AndOversizeIs413() {
        ensurePool();
        long before = instances();
        byte[] body = Fixtures.activation(Fixtures.mac(), TYPE).getBytes(StandardCharsets.UTF_8);
        assertRefusedAndNothingChanged(http.signed("POST", "api/v1/activations", "text/plain", body, Http.APPLIANCE_KEY,
                System.currentTimeMillis() / 1000, Http.nonce()), 415, "ASL_INVALID_REQUEST", before);
        byte[] big = ("{\"mac\":\"" + "A".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertRefusedAndNothingChanged(http.signed("POST", "api/v1/activations", "application/json", big, Http.APPLIANCE_KEY,
                System.currentTimeMillis() / 1000, Http.nonce()), 413, "ASL_INVALID_REQUEST", before);
        assertRefusedAndNothingChanged(http.appliance("GET", "api/v1/license-types", null), 400, "ASL_INVALID_REQUEST", before);
        assertRefusedAndNothingChanged(http.appliance("GET", "api/v1/license-types?platform=VAX", null), 400, "ASL_INVALID_REQUEST", before);
    }

    @Test
    void requestsWithoutAValidApplianceProofAre401AndDebugLogged() {
        ensurePool();
        long before = instances();
        String body = Fixtures.activation(Fixtures.mac(), TYPE);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        assertRefusedAndNothingChanged(http.plain("POST", "api/v1/activations", "application/json", bytes), 401, "ASL_NOT_AN_APPLIANCE", before);
        assertRefusedAndNothingChanged(http.signed("POST", "api/v1/activations", "application/json", bytes, "some-other-key", now, Http.nonce()),
                401, "ASL_NOT_AN_APPLIANCE", before);
        assertRefusedAndNothingChanged(http.signed("POST", "api/v1/activations", "application/json", bytes, Http.APPLIANCE_KEY, now - 301, Http.nonce()),
                401, "ASL_NOT_AN_APPLIANCE", before);
        assertRefusedAndNothingChanged(http.signed("POST", "api/v1/activations", "application/json", bytes, Http.APPLIANCE_KEY, now, "short"),
                401, "ASL_NOT_AN_APPLIANCE", before);

        JsonObject entry = http.admin("GET", "api/v1/admin/debug-log?code=ASL_NOT_AN_APPLIANCE&limit=1", null, null).array().getJsonObject(0);
        assertEquals("Cannot verify ASL instance check. Is the request really coming from a LoadMaster?", entry.getString("message"));
        assertTrue(entry.getString("reason").toLowerCase().contains("nonce"), entry.toString());
        assertNotNull(entry.getString("peer"));
        assertEquals("POST /api/v1/activations", entry.getString("request"));
    }

    @Test
    void aReplayedNonceIsRefused() {
        ensurePool();
        String nonce = Http.nonce();
        long now = System.currentTimeMillis() / 1000;
        byte[] bytes = Fixtures.activation(Fixtures.mac(), TYPE).getBytes(StandardCharsets.UTF_8);
        assertEquals(201, http.signed("POST", "api/v1/activations", "application/json", bytes, Http.APPLIANCE_KEY, now, nonce).status());
        long before = instances();
        Http.Answer replay = http.signed("POST", "api/v1/activations", "application/json", bytes, Http.APPLIANCE_KEY, now, nonce);
        assertRefusedAndNothingChanged(replay, 401, "ASL_NOT_AN_APPLIANCE", before);
        JsonObject entry = http.admin("GET", "api/v1/admin/debug-log?code=ASL_NOT_AN_APPLIANCE&limit=1", null, null).array().getJsonObject(0);
        assertTrue(entry.getString("reason").contains("nonce was already used"), entry.toString());
        Http.Answer otherPath = http.signed("GET", "api/v1/license-types?platform=VMWARE", null, null, Http.APPLIANCE_KEY, now, nonce);
        assertProblem(otherPath, 401, "ASL_NOT_AN_APPLIANCE");
    }

    @Test
    void aRefusedActivationUsesUpItsNonceAndCopiesOfOneActivationActivateOnce() throws Exception {
        ensurePool();
        long now = System.currentTimeMillis() / 1000;
        String refusedNonce = Http.nonce();
        byte[] unknownType = Fixtures.activation(Fixtures.mac(), "NO-SUCH-TYPE").getBytes(StandardCharsets.UTF_8);
        assertProblem(http.signed("POST", "api/v1/activations", "application/json", unknownType, Http.APPLIANCE_KEY, now, refusedNonce),
                404, "ASL_UNKNOWN_LICENSE_TYPE");
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM nonce WHERE value = ?", refusedNonce), "written after the refusal");
        assertProblem(http.signed("POST", "api/v1/activations", "application/json", unknownType, Http.APPLIANCE_KEY, now, refusedNonce),
                401, "ASL_NOT_AN_APPLIANCE");

        String mac = Fixtures.mac();
        byte[] bytes = Fixtures.activation(mac, TYPE).getBytes(StandardCharsets.UTF_8);
        String once = Http.nonce();
        assertEquals(java.util.Map.of(201, 1, 401, 15), statusesOfCopiesAtOnce(16,
                () -> http.signed("POST", "api/v1/activations", "application/json", bytes, Http.APPLIANCE_KEY, now, once).status()),
                "one activation, fifteen replays refused");
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM instance WHERE mac = ?", mac));
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM nonce WHERE value = ?", once));
    }

    @Test
    void aReplayedHeartbeatIsRefusedBeforeAndAfterItsNonceIsWritten() throws Exception {
        ensurePool();
        Http.Answer activated = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), TYPE));
        assertEquals(201, activated.status(), activated.toString());
        String path = "api/v1/instances/" + activated.json().getString("instanceId") + "/heartbeat";
        String[] bearer = {"Authorization", "Bearer " + activated.json().getString("instanceToken")};
        String nonce = Http.nonce();
        long now = System.currentTimeMillis() / 1000;
        assertEquals(200, http.signed("POST", path, null, null, Http.APPLIANCE_KEY, now, nonce, bearer).status());
        // at once (the nonce is only in the node's memory), after its batch was written, and after the node forgot it
        assertProblem(http.signed("POST", path, null, null, Http.APPLIANCE_KEY, now, nonce, bearer), 401, "ASL_NOT_AN_APPLIANCE");
        await("the nonce written with the next batch").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Fixtures.count("SELECT COUNT(*) FROM nonce WHERE value = ?", nonce) == 1);
        // the node keeps a nonce it wrote in memory for a second more (Nonces), nothing to see from outside: let that pass
        Instant forgotten = Instant.now().plusMillis(1500);
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM nonce WHERE value = ?", nonce), "written with the next batch");
        assertProblem(http.signed("POST", path, null, null, Http.APPLIANCE_KEY, now, nonce, bearer), 401, "ASL_NOT_AN_APPLIANCE");
        await("the node's memory of the written nonce past").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.now().isAfter(forgotten));
        assertProblem(http.signed("POST", path, null, null, Http.APPLIANCE_KEY, now, nonce, bearer), 401, "ASL_NOT_AN_APPLIANCE");
        byte[] bytes = Fixtures.activation(Fixtures.mac(), TYPE).getBytes(StandardCharsets.UTF_8);
        assertProblem(http.signed("POST", "api/v1/activations", "application/json", bytes, Http.APPLIANCE_KEY, now, nonce), 401, "ASL_NOT_AN_APPLIANCE");
        // sixteen copies of one heartbeat at once: exactly one is answered
        String once = Http.nonce();
        java.util.Map<Integer, Integer> statuses = statusesOfCopiesAtOnce(16,
                () -> http.signed("POST", path, null, null, Http.APPLIANCE_KEY, now, once, bearer).status());
        assertEquals(1, statuses.getOrDefault(200, 0), "one of sixteen copies of one heartbeat");
    }

    /** Sends {@code copies} copies of one request at once; how many got each status. */
    private static java.util.Map<Integer, Integer> statusesOfCopiesAtOnce(int copies, java.util.concurrent.Callable<Integer> send)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(copies);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < copies; i++) {
                sent.add(pool.submit(send));
            }
            java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (java.util.concurrent.Future<Integer> copy : sent) {
                statuses.merge(copy.get(), 1, Integer::sum);
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void poolRefusalsAre404And409() {
        ensurePool();
        long before = instances();
        assertRefusedAndNothingChanged(http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "NO-SUCH-TYPE")),
                404, "ASL_UNKNOWN_LICENSE_TYPE", before);
        assertRefusedAndNothingChanged(http.appliance("POST", "api/v1/activations",
                Fixtures.activation(Fixtures.mac(), TYPE).replace("\"VMWARE\"", "\"AZURE\"")), 409, "ASL_PLATFORM_MISMATCH", before);
        JsonObject entry = http.admin("GET", "api/v1/admin/debug-log?code=ASL_PLATFORM_MISMATCH&limit=1", null, null).array().getJsonObject(0);
        assertTrue(entry.getString("message").contains("AZURE"), "the mismatch is logged: " + entry);
    }

    @Test
    void theInstanceLimitIs409WithTheSeedDebugLine() {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("LIM");
        install(Fixtures.licenseFile("L-" + type, 1, type, "5"));
        activate(Fixtures.mac(), type);
        long before = instances();
        assertRefusedAndNothingChanged(http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)), 409, "ASL_LIMIT_REACHED", before);
        JsonObject entry = http.admin("GET", "api/v1/admin/debug-log?code=ASL_LIMIT_REACHED&limit=1", null, null).array().getJsonObject(0);
        assertEquals("ASL instance limit already reached. Cannot issue more licenses", entry.getString("message"));
        Fixtures.emptyPool(http);
    }

    @Test
    void adminApiNeedsCredentialsAndViewersOnlyRead() {
        assertProblem(http.plain("GET", "api/v1/admin/instances", null, null), 401, "ASL_UNAUTHORIZED");
        Http.Answer wrong = http.as("admin", "not-the-password", "GET", "api/v1/admin/instances", null, null);
        assertProblem(wrong, 401, "ASL_UNAUTHORIZED");
        assertTrue(wrong.header("WWW-Authenticate").startsWith("Basic"), "WWW-Authenticate is set");

        String viewer = "viewer" + System.nanoTime();
        Http.Answer created = http.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"" + viewer + "\",\"password\":\"viewer-password\",\"role\":\"viewer\"}");
        assertEquals(201, created.status(), created.toString());
        assertProblem(http.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"" + viewer + "\",\"password\":\"viewer-password\",\"role\":\"viewer\"}"), 409, "ASL_CONFLICT");
        assertProblem(http.admin("POST", "api/v1/admin/users", "application/json", "{\"username\":\"x y\",\"password\":\"short\",\"role\":\"boss\"}"),
                400, "ASL_INVALID_REQUEST");
        assertEquals(200, http.as(viewer, "viewer-password", "GET", "api/v1/admin/instances", null, null).status());
        ensurePool();
        JsonObject victim = activate(Fixtures.mac(), TYPE);
        assertProblem(http.as(viewer, "viewer-password", "DELETE", "api/v1/admin/instances/" + victim.getString("instanceId"), null, null),
                403, "ASL_FORBIDDEN");
        assertProblem(http.as(viewer, "viewer-password", "POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-VIEW", 5, TYPE, "1")), 403, "ASL_FORBIDDEN");
        assertEquals("ACTIVE", http.admin("GET", "api/v1/admin/instances/" + victim.getString("instanceId"), null, null).json().getString("status"));
        // every change, through whichever resource, is refused to a viewer by the facade's role check, before anything else
        for (String[] change : new String[][]{
                {"POST", "api/v1/admin/users", "{\"username\":\"made-by-a-viewer\",\"password\":\"viewer-password-9\",\"role\":\"admin\"}"},
                {"DELETE", "api/v1/admin/nodes/no-such-node", null},
                {"POST", "api/v1/admin/sweeps", null},
                {"POST", "api/v1/admin/lease-keys", null},
                {"DELETE", "api/v1/admin/entitlements/L-NO-SUCH-FILE", null}}) {
            assertProblem(http.as(viewer, "viewer-password", change[0], change[1], change[2] == null ? null : "application/json", change[2]),
                    403, "ASL_FORBIDDEN");
        }
        Http.Answer accounts = http.admin("GET", "api/v1/admin/users", null, null);
        assertEquals(200, accounts.status(), accounts.toString());
        assertFalse(accounts.body().contains("made-by-a-viewer"), "a viewer made no account: " + accounts.body());
        assertProblem(http.admin("GET", "api/v1/admin/instances?status=BOGUS", null, null), 400, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("GET", "api/v1/admin/instances?limit=0", null, null), 400, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("GET", "api/v1/admin/nothing-here", null, null), 404, "ASL_NOT_FOUND");
        assertProblem(http.plain("GET", "api/v2/activations", null, null), 404, "ASL_NOT_FOUND");
        assertProblem(http.plain("DELETE", "api/v1/ping", null, null), 405, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("GET", "api/v1/admin/instances/00000000-0000-4000-8000-000000000000", null, null), 404, "ASL_UNKNOWN_INSTANCE");
    }
}
