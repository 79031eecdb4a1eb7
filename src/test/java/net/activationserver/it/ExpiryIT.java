package net.activationserver.it;

import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heartbeats that expire and seats that come back, on two server nodes sharing one database, with short settings:
 * STALE after 3 s of silence, released after 4 s more, both nodes sweeping every second.
 */
class ExpiryIT {

    private static final String TYPE = "VLM-EXP";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static Http a;
    private static Http b;
    private static String dbUrl;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        dbUrl = Fixtures.freshDatabase("asl_expiry");
        Map<String, String> settings = Fixtures.serverSettings(dbUrl, "ASL_HEARTBEAT_TIMEOUT", "PT3S", "ASL_SEAT_RELEASE_AFTER", "PT4S",
                "ASL_SWEEP_INTERVAL", "PT1S", "ASL_HEARTBEAT_INTERVAL", "PT1S");
        nodeA = ServerProcess.start(settings);
        nodeB = ServerProcess.start(settings);
        nodeA.awaitServing(Duration.ofMinutes(4));
        nodeB.awaitServing(Duration.ofMinutes(4));
        a = new Http(nodeA.base());
        b = new Http(nodeB.base());
        assertEquals(201, a.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-EXPIRY", 5000, TYPE, "5000", "VLM-PAGE", "10")).status());
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    private static long count(String sql, Object... parameters) {
        String saved = System.getProperty("it.db.url");
        System.setProperty("it.db.url", dbUrl);
        try {
            return Fixtures.count(sql, parameters);
        } finally {
            System.setProperty("it.db.url", saved);
        }
    }

    private static String statusOf(String id) {
        return a.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("status");
    }

    private static long audit(String id, String prefix) {
        return count("SELECT COUNT(*) FROM audit_event WHERE instance_id = ? AND message LIKE ?", id, prefix + "%");
    }

    @Test
    void aSilentInstanceGoesStaleComesBackThenIsReleased() throws Exception {
        Http.Answer activated = a.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), TYPE));
        assertEquals(201, activated.status(), activated.toString());
        JsonObject body = activated.json();
        String id = body.getString("instanceId");
        String token = body.getString("instanceToken");
        SignedJWT lease = SignedJWT.parse(body.getString("lease"));
        long lifetime = lease.getJWTClaimsSet().getExpirationTime().toInstant().getEpochSecond()
                - lease.getJWTClaimsSet().getIssueTime().toInstant().getEpochSecond();
        assertTrue(lifetime <= 7, "the lease ends before the seat can be released (timeout 3 s + release 4 s), not after 30 days: " + lifetime);

        JsonObject listed = a.admin("GET", "api/v1/admin/instances/" + id, null, null).json();
        assertEquals(Instant.parse(listed.getString("lastHeartbeatAt")).plusSeconds(3), Instant.parse(listed.getString("staleAt")));
        assertEquals(Instant.parse(listed.getString("lastHeartbeatAt")).plusSeconds(7), Instant.parse(listed.getString("releaseAt")));

        await("STALE after 3 s without heartbeat").atMost(WAIT).pollInterval(POLL).until(() -> statusOf(id).equals("STALE"));
        assertEquals(1, audit(id, "ASL instance expired: no heartbeat since"), "one audit row, though both nodes sweep");
        assertEquals(1, a.admin("GET", "api/v1/admin/instances?status=STALE&licenseType=" + TYPE, null, null).array().size());

        Http.Answer resumed = b.instance("POST", "api/v1/instances/" + id + "/heartbeat", token, null);
        assertEquals(200, resumed.status(), resumed.toString());
        assertEquals("ACTIVE", resumed.json().getString("status"));
        assertEquals("ACTIVE", statusOf(id));
        assertEquals(1, audit(id, "ASL instance resumed"));

        await("RELEASED after 3 s + 4 s without heartbeat").atMost(WAIT).pollInterval(POLL).until(() -> statusOf(id).equals("RELEASED"));
        assertEquals(2, audit(id, "ASL instance expired"), "expired twice, once per silence");
        assertEquals(1, audit(id, "ASL instance seat released"));
        Http.Answer gone = a.instance("POST", "api/v1/instances/" + id + "/heartbeat", token, null);
        assertEquals(410, gone.status(), gone.toString());
        assertEquals("ASL_DEREGISTERED", gone.code());
        assertEquals(0, count("SELECT COUNT(*) FROM seat WHERE instance_id = ?", id), "the seat is free");
    }

    /**
     * STALE is a rule on the sweep's mark (V12): the status filters, a reinstall (the same MAC activating again) and a
     * deregistration all see it, and end it.
     */
    @Test
    void aStaleInstanceThatActivatesAgainIsActiveAndOneDeregisteredIsNotStale() throws Exception {
        String mac = Fixtures.mac();
        String reinstalled = a.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE)).json().getString("instanceId");
        String removed = a.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), TYPE)).json().getString("instanceId");
        await("both STALE").atMost(WAIT).pollInterval(POLL)
                .until(() -> statusOf(reinstalled).equals("STALE") && statusOf(removed).equals("STALE"));
        List<String> active = ids(a.admin("GET", "api/v1/admin/instances?status=ACTIVE&licenseType=" + TYPE + "&limit=1000", null, null));
        List<String> stale = ids(a.admin("GET", "api/v1/admin/instances?status=STALE&licenseType=" + TYPE + "&limit=1000", null, null));
        assertTrue(stale.containsAll(List.of(reinstalled, removed)), stale.toString());
        assertTrue(active.stream().noneMatch(id -> id.equals(reinstalled) || id.equals(removed)), active.toString());

        Http.Answer again = b.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE));
        assertEquals(200, again.status(), again.toString());
        assertEquals(reinstalled, again.json().getString("instanceId"));
        assertEquals("ACTIVE", again.json().getString("status"));
        assertEquals("ACTIVE", statusOf(reinstalled));
        assertEquals(204, b.admin("DELETE", "api/v1/admin/instances/" + removed, null, null).status());
        assertEquals("DEREGISTERED", statusOf(removed));
        assertEquals(0, count("SELECT COUNT(*) FROM instance WHERE id IN (?, ?) AND status = 'ACTIVE'"
                + " AND last_heartbeat_at < (SELECT swept_before FROM sweep_mark WHERE name = 'stale')", reinstalled, removed), "neither is STALE");
        assertEquals(0, count("SELECT COUNT(*) FROM seat WHERE instance_id = ?", removed), "the deregistered one's seats are free");
        assertEquals(2, count("SELECT COUNT(*) FROM seat WHERE instance_id = ?", reinstalled), "the reinstalled one keeps its two");
    }

    /**
     * The sweep makes instances STALE first (one row) and writes their lines after (V12). While their lines wait (here
     * the test holds the lock the line writers take, then moves the mark as a sweep's first step does), the instances
     * are STALE; a heartbeat and a deregistration that come then race the sweeps for each line, and each line is written
     * once, before the line of what came after.
     */
    @Test
    void anExpiredLineStillToWriteIsWrittenOnceWhoeverComesFirst() throws Exception {
        Http.Answer activated = a.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), TYPE));
        String resumed = activated.json().getString("instanceId");
        String token = activated.json().getString("instanceToken");
        String removed = a.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), TYPE)).json().getString("instanceId");
        ExecutorService callers = Executors.newFixedThreadPool(2);
        Future<Http.Answer> heartbeat;
        Future<Http.Answer> deregistration;
        try (Connection hold = java.sql.DriverManager.getConnection(dbUrl, System.getProperty("it.db.user", "root"),
                System.getProperty("it.db.password", ""))) {
            hold.setAutoCommit(false);
            hold.createStatement().executeQuery("SELECT * FROM sweep_mark WHERE name = 'audited' FOR UPDATE").close();
            // what a sweep's first step does (the sweeps themselves wait for the lock from their second step on)
            try (Connection mark = java.sql.DriverManager.getConnection(dbUrl, System.getProperty("it.db.user", "root"),
                    System.getProperty("it.db.password", ""))) {
                mark.createStatement().executeUpdate("UPDATE sweep_mark SET swept_before = UTC_TIMESTAMP(6) WHERE name = 'stale'");
            }
            assertEquals("STALE", statusOf(resumed));
            assertEquals("STALE", statusOf(removed));
            assertEquals(0, audit(resumed, "ASL instance expired"));
            assertEquals(1, a.admin("GET", "api/v1/admin/instances?status=STALE&licenseType=" + TYPE + "&limit=1000", null, null)
                    .array().stream().filter(v -> v.asJsonObject().getString("id").equals(resumed)).count());
            heartbeat = callers.submit(() -> b.instance("POST", "api/v1/instances/" + resumed + "/heartbeat", token, null));
            deregistration = callers.submit(() -> a.admin("DELETE", "api/v1/admin/instances/" + removed, null, null));
            await("both wait for the lines' lock").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> !heartbeat.isDone() && !deregistration.isDone());
            hold.rollback();
        }
        assertEquals(200, heartbeat.get().status(), heartbeat.get().toString());
        assertEquals(204, deregistration.get().status(), deregistration.get().toString());
        callers.shutdown();
        assertEquals("ACTIVE", statusOf(resumed));
        assertEquals("DEREGISTERED", statusOf(removed));
        assertEquals(1, audit(resumed, "ASL instance expired"), "written once, by the sweep or the heartbeat");
        assertEquals(1, audit(resumed, "ASL instance resumed"));
        assertEquals(1, audit(removed, "ASL instance expired"), "written once, by the sweep or the deregistration");
        assertEquals(1, count("SELECT COUNT(*) FROM audit_event e JOIN audit_event r ON r.instance_id = e.instance_id AND r.id > e.id"
                + " WHERE e.instance_id = ? AND e.message LIKE 'ASL instance expired%' AND r.message LIKE 'ASL instance resumed%'", resumed),
                "expired, then resumed");
        assertEquals(1, count("SELECT COUNT(*) FROM audit_event e JOIN audit_event r ON r.instance_id = e.instance_id AND r.id > e.id"
                + " WHERE e.instance_id = ? AND e.message LIKE 'ASL instance expired%' AND r.message LIKE '%deregistered by%'", removed),
                "expired, then deregistered");
        assertEquals(204, a.admin("DELETE", "api/v1/admin/instances/" + resumed, null, null).status(), "leaves nothing to go STALE");
    }

    private static List<String> ids(Http.Answer list) {
        assertEquals(200, list.status(), list.toString());
        return list.array().stream().map(v -> v.asJsonObject().getString("id")).toList();
    }

    @Test
    void concurrentSweepsOnTwoNodesMakeEachTransitionOnce() throws Exception {
        int n = 2000;
        try (Connection connection = java.sql.DriverManager.getConnection(dbUrl, System.getProperty("it.db.user", "root"),
                System.getProperty("it.db.password", "")); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            // instances an hour silent appear at once, as from a restored backup: the sweeps must look back again (V8)
            sql.execute("UPDATE sweep_mark SET swept_before = '1970-01-01 00:00:00'");
            sql.execute("INSERT INTO instance (id, mac, seat_mac, platform, license_type, status, activated_at, last_heartbeat_at, token_hash)"
                    + " SELECT CONCAT('00000000-0000-4000-8000-', LPAD(seq, 12, '0')), CONCAT('02:00:00:', LPAD(HEX(seq DIV 65536), 2, '0'), ':',"
                    + " LPAD(HEX((seq DIV 256) MOD 256), 2, '0'), ':', LPAD(HEX(seq MOD 256), 2, '0')),"
                    + " CONCAT('02:00:00:', LPAD(HEX(seq DIV 65536), 2, '0'), ':', LPAD(HEX((seq DIV 256) MOD 256), 2, '0'), ':', LPAD(HEX(seq MOD 256), 2, '0')),"
                    + " 'KVM', '" + TYPE + "', 'ACTIVE', UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, REPEAT('0', 64)"
                    + " FROM seq_1_to_" + n);
            for (String pool : new String[]{TYPE, "*"}) {
                sql.execute("UPDATE seat s JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM instance WHERE id LIKE '00000000-0000-4000-8000-%') i"
                        + " ON s.slot = i.rn + 100 SET s.instance_id = i.id WHERE s.pool = '" + pool + "'");
                // as the server counts them (V7)
                sql.execute("INSERT INTO seat_count (pool, shard, used) VALUES ('" + pool + "', 0, " + n + ")"
                        + " ON DUPLICATE KEY UPDATE used = used + VALUES(used)");
            }
            connection.commit();
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Answer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Http node = i % 2 == 0 ? a : b;
            Callable<Http.Answer> sweep = () -> {
                start.await();
                return node.admin("POST", "api/v1/admin/sweeps", null, null);
            };
            sweeps.add(callers.submit(sweep));
        }
        start.countDown();
        for (Future<Http.Answer> sweep : sweeps) {
            assertEquals(200, sweep.get().status(), sweep.get().toString());
        }
        callers.shutdown();
        await("all released").atMost(WAIT).pollInterval(POLL)
                .until(() -> count("SELECT COUNT(*) FROM instance WHERE id LIKE '00000000-0000-4000-8000-%' AND status = 'RELEASED'") == n);

        assertEquals(n, count("SELECT COUNT(*) FROM audit_event WHERE instance_id LIKE '00000000-0000-4000-8000-%' AND message LIKE 'ASL instance expired%'"));
        assertEquals(n, count("SELECT COUNT(*) FROM audit_event WHERE instance_id LIKE '00000000-0000-4000-8000-%' AND message LIKE 'ASL instance seat released%'"));
        assertEquals(0, count("SELECT COUNT(*) FROM (SELECT instance_id FROM audit_event WHERE instance_id LIKE '00000000-0000-4000-8000-%'"
                + " GROUP BY instance_id, LEFT(message, 20) HAVING COUNT(*) > 1) twice"), "no transition twice");
        assertEquals(0, count("SELECT COUNT(*) FROM seat WHERE instance_id LIKE '00000000-0000-4000-8000-%'"), "every seat given back");
        assertEquals(0, count("SELECT COUNT(*) FROM instance WHERE id LIKE '00000000-0000-4000-8000-%' AND seat_mac IS NOT NULL"));
    }

    @Test
    void instancesArePagedByCursorMostRecentHeartbeatFirst() {
        String type = "VLM-PAGE";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(a.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).json().getString("instanceId"));
        }
        List<String> seen = new ArrayList<>();
        String path = "api/v1/admin/instances?licenseType=" + type + "&limit=2";
        Instant previous = Instant.MAX;
        for (int page = 0; page < 10 && path != null; page++) {
            Http.Answer answer = a.admin("GET", path, null, null);
            assertEquals(200, answer.status(), answer.toString());
            for (var value : answer.array()) {
                JsonObject instance = value.asJsonObject();
                Instant beat = Instant.parse(instance.getString("lastHeartbeatAt"));
                assertTrue(!beat.isAfter(previous), "most recent heartbeat first");
                previous = beat;
                seen.add(instance.getString("id"));
            }
            String cursor = answer.header("X-Next-Cursor");
            path = cursor == null ? null : "api/v1/admin/instances?licenseType=" + type + "&limit=2&after=" + cursor;
        }
        assertTrue(seen.containsAll(ids), "every instance on some page: " + seen);
        assertEquals(seen.size(), seen.stream().distinct().count(), "no instance on two pages");
        Http.Answer bad = a.admin("GET", "api/v1/admin/instances?after=not-a-cursor", null, null);
        assertEquals(400, bad.status(), bad.toString());
    }
}
