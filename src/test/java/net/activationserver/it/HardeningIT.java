package net.activationserver.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 on two server nodes sharing one database: admin sign-in locked out after repeated failures on both nodes,
 * unknown accounts as slow as wrong passwords, account changes effective at the next request on every node, appliance
 * takeover refused under {@code asl.activation.takeover=when-silent} on either node, the default limit on activations
 * per source, refusals counted instead of stored one row each, and the debug log's retention.
 * <p>
 * The nodes trust 127.0.0.1 as a proxy, so each scenario poses as its own client address with X-Forwarded-For (the
 * lockout per source would otherwise join them all).
 */
class HardeningIT {

    private static final String DATABASE = "asl_hardening";
    private static final String TYPE = "VLM-HARD";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static Http a;
    private static Http b;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Map<String, String> settings = Fixtures.serverSettings(Fixtures.freshDatabase(DATABASE), "ASL_PROXY_TRUSTED", "127.0.0.1",
                "ASL_ACTIVATION_TAKEOVER", "when-silent",
                "ASL_RATE_LIMIT_ACTIVATIONS_PER_SOURCE", null); // the product's default
        nodeA = ServerProcess.start(settings);
        nodeB = ServerProcess.start(settings);
        nodeA.awaitServing(Duration.ofMinutes(4));
        nodeB.awaitServing(Duration.ofMinutes(4));
        a = new Http(nodeA.base());
        b = new Http(nodeB.base());
        assertEquals(201, a.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-HARD", 100, TYPE, "100")).status());
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    @Test
    void thirtyWrongPasswordsEndInALockoutThatBothNodesHonour() {
        account("guessed", "the-right-password", "viewer");
        List<Integer> statuses = new ArrayList<>();
        Http.Answer last = null;
        for (int i = 0; i < 30; i++) {
            last = as(i % 2 == 0 ? a : b, "10.9.0.1", "guessed", "guess-" + i, "GET", "api/v1/admin/pool");
            statuses.add(last.status());
        }
        assertEquals(List.of(401, 401, 401, 401, 401), statuses.subList(0, 5), statuses.toString());
        assertTrue(statuses.subList(5, 30).stream().allMatch(s -> s == 429), "after 5 failures, locked on both nodes: " + statuses);
        assertEquals("ASL_RATE_LIMITED", last.code());
        assertTrue(last.contentType().startsWith("application/problem+json"), last.toString());
        long retryAfter = Long.parseLong(last.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "the first lock is 30 s: " + retryAfter);

        // the right password, from another address, on the other node: the account is locked, not only the address
        Http.Answer right = as(b, "10.9.0.2", "guessed", "the-right-password", "GET", "api/v1/admin/pool");
        assertEquals(429, right.status(), right.toString());
        assertTrue(audit("Admin sign-in for account guessed locked for 30 s after 5 failed attempts (the last from 10.9.0.1)"),
                "the lock is audited");
    }

    @Test
    void oneAddressGuessingManyNamesIsLockedOutOnBothNodes() {
        account("from-anywhere", "a-good-password", "viewer");
        for (int i = 0; i < 20; i++) {
            Http.Answer guess = as(i % 2 == 0 ? a : b, "10.9.1.1", "nobody-" + i, "password-" + i, "GET", "api/v1/admin/pool");
            assertEquals(401, guess.status(), "guess " + i + ": " + guess);
        }
        Http.Answer locked = as(b, "10.9.1.1", "from-anywhere", "a-good-password", "GET", "api/v1/admin/pool");
        assertEquals(429, locked.status(), "20 failures from one address lock the address: " + locked);
        assertEquals(200, as(a, "10.9.1.2", "from-anywhere", "a-good-password", "GET", "api/v1/admin/pool").status(),
                "another address signs in");
        assertTrue(audit("Admin sign-in from 10.9.1.1 locked for 30 s after 20 failed attempts"), "the lock is audited");
    }

    @Test
    void anUnknownAccountTakesAsLongAsAWrongPassword() {
        for (int i = 0; i < 4; i++) {
            account("timed-" + i, "timed-password-" + i, "viewer");
        }
        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // each attempt from its own address and no account over 2 failures: nothing is locked
            wrong.add(timed(() -> as(a, "10.9.2." + (10 + unknown.size() + wrong.size()), "timed-" + (wrong.size() % 4), "wrong", "GET", "api/v1/admin/pool")));
            unknown.add(timed(() -> as(a, "10.9.2." + (10 + unknown.size() + wrong.size()), "no-such-" + UUID.randomUUID(), "wrong", "GET", "api/v1/admin/pool")));
        }
        double ratio = (double) median(unknown) / median(wrong);
        assertTrue(ratio > 0.5 && ratio < 2.0, "unknown account " + median(unknown) + " ms against wrong password " + median(wrong)
                + " ms (ratio " + ratio + "); without the dummy hash it was about 1/50");
    }

    @Test
    void demotingDisablingOrResettingAnAccountTakesEffectAtItsNextRequestOnEveryNode() {
        account("changing", "changing-password", "admin");
        String newAccount = "{\"username\":\"made-by-changing\",\"password\":\"another-password\",\"role\":\"viewer\"}";
        assertEquals(200, as(a, "10.9.3.1", "changing", "changing-password", "GET", "api/v1/admin/users").status());
        assertEquals(200, as(b, "10.9.3.1", "changing", "changing-password", "GET", "api/v1/admin/users").status());

        assertEquals(200, a.admin("PUT", "api/v1/admin/users/changing", "application/json", "{\"role\":\"viewer\",\"enabled\":true}").status());
        Http.Answer demoted = asWith(b, "10.9.3.1", "changing", "changing-password", "POST", "api/v1/admin/users", newAccount);
        assertEquals(403, demoted.status(), "demoted on node A, a viewer on node B at once: " + demoted);
        assertEquals(200, as(b, "10.9.3.1", "changing", "changing-password", "GET", "api/v1/admin/users").status(), "a viewer reads");

        assertEquals(204, a.admin("PUT", "api/v1/admin/users/changing/password", "application/json", "{\"password\":\"reset-password\"}").status());
        assertEquals(401, as(b, "10.9.3.1", "changing", "changing-password", "GET", "api/v1/admin/users").status(), "the old password is out");
        assertEquals(200, as(b, "10.9.3.1", "changing", "reset-password", "GET", "api/v1/admin/users").status(), "the new one works");

        assertEquals(200, b.admin("PUT", "api/v1/admin/users/changing", "application/json", "{\"role\":\"viewer\",\"enabled\":false}").status());
        assertEquals(401, as(a, "10.9.3.1", "changing", "reset-password", "GET", "api/v1/admin/users").status(), "disabled on B, out on A");
    }

    @Test
    void aRunningAppliancesMacCannotBeTakenOverOnEitherNode() {
        String mac = Fixtures.mac();
        Http.Answer first = a.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE));
        assertEquals(201, first.status(), first.toString());
        String id = first.json().getString("instanceId");
        for (Http node : List.of(a, b)) {
            Http.Answer takeover = node.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE));
            assertEquals(409, takeover.status(), takeover.toString());
            assertEquals("ASL_INSTANCE_IN_USE", takeover.code());
            assertTrue(takeover.contentType().startsWith("application/problem+json"), takeover.toString());
        }
        String activatedBeat = a.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("lastHeartbeatAt");
        Http.Answer beat = b.instance("POST", "api/v1/instances/" + id + "/heartbeat", first.json().getString("instanceToken"), null);
        assertEquals(200, beat.status(), "the running appliance keeps its token: " + beat);
        // heartbeats are written behind (a few at a time): the test moves the heartbeat back only after it is written
        await("the heartbeat written").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
                !activatedBeat.equals(a.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("lastHeartbeatAt")));

        Fixtures.silence(DATABASE, id, "10 MINUTE"); // silent longer than asl.heartbeat.timeout (3 minutes)
        Http.Answer reinstalled = b.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE));
        assertEquals(200, reinstalled.status(), "a silent appliance's MAC may be activated again: " + reinstalled);
        assertEquals(id, reinstalled.json().getString("instanceId"));
        assertTrue(audit("a new token replaces the one last heard from at "), "the token reissue is audited with the last heartbeat");
    }

    @Test
    void oneAddressGetsAtMost120ActivationsAMinuteByDefault() {
        // the limit counts per minute of the clock: start early in one
        await().atMost(Duration.ofSeconds(61)).pollInterval(Duration.ofMillis(200)).until(() -> Instant.now().getEpochSecond() % 60 < 30);
        Http.Answer limited = null;
        int answered = 0;
        for (int i = 0; i < 121 && limited == null; i++) {
            Http.Answer answer = b.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "NO-SUCH-TYPE"),
                    "X-Forwarded-For", "10.9.4.1");
            if (answer.status() == 429) {
                limited = answer;
            } else {
                assertEquals(404, answer.status(), answer.toString());
                answered++;
            }
        }
        assertEquals(120, answered, "120 activations a minute from one address are answered");
        assertEquals("ASL_RATE_LIMITED", limited.code());
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "until the next minute: " + retryAfter);
        Http.Answer other = b.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "NO-SUCH-TYPE"),
                "X-Forwarded-For", "10.9.4.2");
        assertEquals(404, other.status(), "another address is not limited: " + other);
    }

    @Test
    void aFloodOfUnsignedRequestsAddsAFewDebugRowsThatCountThemAll() {
        String source = "10.9.5.1";
        long before = Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".debug_event");
        for (int i = 0; i < 1500; i++) {
            Http.Answer refused = (i % 2 == 0 ? a : b).plain("POST", "api/v1/instances/" + UUID.randomUUID() + "/heartbeat", null, null,
                    "X-Forwarded-For", source);
            assertEquals(401, refused.status(), refused.toString());
        }
        long rows = Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".debug_event") - before;
        assertTrue(rows >= 1 && rows <= 40, "1,500 refusals alike in a minute or two on two nodes: " + rows + " rows");
        await("every refusal counted").atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                Fixtures.count("SELECT COALESCE(SUM(count), 0) FROM " + DATABASE + ".debug_event WHERE peer = ?", source) == 1500);
        List<JsonObject> entries = a.admin("GET", "api/v1/admin/debug-log?code=ASL_NOT_AN_APPLIANCE&limit=100", null, null).array()
                .getValuesAs(JsonObject.class).stream().filter(entry -> source.equals(entry.getString("peer", null))).toList();
        assertEquals(1500, entries.stream().mapToInt(entry -> entry.getInt("count")).sum(), "the debug log shows the counts: " + entries);
    }

    @Test
    void debugLinesAreKeptThirtyDaysAndAuditLinesForEverByDefault() throws Exception {
        try (Connection db = Fixtures.db();
             PreparedStatement debug = db.prepareStatement("INSERT INTO " + DATABASE + ".debug_event (at, code, message, peer) VALUES "
                     + "(UTC_TIMESTAMP(6) - INTERVAL ? DAY, 'ASL_INVALID_REQUEST', ?, '10.9.6.1')");
             PreparedStatement audit = db.prepareStatement("INSERT INTO " + DATABASE + ".audit_event (at, actor_kind, actor, message) VALUES "
                     + "(UTC_TIMESTAMP(6) - INTERVAL 400 DAY, 'SYSTEM', 'system', 'an audit line of last year')")) {
            for (Object[] row : new Object[][]{{31, "a debug line of 31 days ago"}, {29, "a debug line of 29 days ago"}}) {
                debug.setObject(1, row[0]);
                debug.setObject(2, row[1]);
                debug.executeUpdate();
            }
            audit.executeUpdate();
        }
        await("the nodes' upkeep purges the old debug line").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".debug_event WHERE message = 'a debug line of 31 days ago'") == 0);
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".debug_event WHERE message = 'a debug line of 29 days ago'"));
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".audit_event WHERE message = 'an audit line of last year'"));
    }

    private static void account(String username, String password, String role) {
        Http.Answer created = a.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, created.status(), created.toString());
    }

    private static Http.Answer as(Http node, String source, String user, String password, String method, String path) {
        return asWith(node, source, user, password, method, path, null);
    }

    private static Http.Answer asWith(Http node, String source, String user, String password, String method, String path, String body) {
        UsedSecrets.used(password);
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return node.plain(method, path, body == null ? null : "application/json",
                body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Authorization", "Basic " + basic, "X-Forwarded-For", source);
    }

    private static boolean audit(String text) {
        return Fixtures.count("SELECT COUNT(*) FROM " + DATABASE + ".audit_event WHERE message LIKE ?", "%" + text + "%") > 0;
    }

    private static long timed(java.util.function.Supplier<Http.Answer> call) {
        long started = System.nanoTime();
        Http.Answer answer = call.get();
        assertEquals(401, answer.status(), answer.toString());
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
