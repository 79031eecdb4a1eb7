package net.activationserver.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import net.activationserver.agent.Agent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The second seed's primary and backup: two Payara Micro nodes on one MariaDB, each bringing a license file of 16 seats
 * (one pool of 32). The agent's fleet of 40 appliances activates and heartbeats every second against both addresses;
 * in the middle of the activations the first node is killed with SIGKILL and the fleet fails over to the second.
 * Everything is then checked from the database and the audit trail, not from what the fleet believes.
 */
class FailoverIT {

    private static final String TYPE = "VLM-HA";
    private static final String PREFIX = "02:FA:11";
    private static final int SEATS = 32;
    private static final int FLEET = 40;
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static String dbUrl;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        dbUrl = Fixtures.freshDatabase("asl_failover");
        nodeA = ServerProcess.start(Fixtures.serverSettings(dbUrl, "ASL_NODE_NAME", "node-a", "ASL_HEARTBEAT_INTERVAL", "PT1S",
                "ASL_NODE_REFRESH", "PT1S"));
        nodeB = ServerProcess.start(Fixtures.serverSettings(dbUrl, "ASL_NODE_NAME", "node-b", "ASL_HEARTBEAT_INTERVAL", "PT1S",
                "ASL_NODE_REFRESH", "PT1S"));
        nodeA.awaitServing(Duration.ofMinutes(4));
        nodeB.awaitServing(Duration.ofMinutes(4));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    @Test
    void theFleetFailsOverWhenANodeIsKilledAndThePoolStaysExact() throws Exception {
        Http a = new Http(nodeA.base());
        Http b = new Http(nodeB.base());
        assertEquals(201, a.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-PRIMARY", 50, TYPE, "16")).status(), "the primary's file, installed through node A");
        assertEquals(201, b.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-BACKUP", 50, TYPE, "16")).status(), "the backup's file, installed through node B");
        assertEquals(SEATS, a.admin("GET", "api/v1/admin/pool", null, null).json().getJsonArray("types").getJsonObject(0).getInt("seats"));

        Path journal = Files.createTempFile(Path.of("target"), "failover-journal", ".txt");
        Path state = Files.createTempFile(Path.of("target"), "failover-state", ".json");
        Files.delete(state);
        String servers = strip(nodeA.base()) + "," + strip(nodeB.base());
        String[] args = {"fleet", "--servers", servers, "--key", Http.APPLIANCE_KEY, "--count", Integer.toString(FLEET), "--rate", "5",
                "--duration", "PT20S", "--heartbeat-interval", "PT1S", "--license-type", TYPE, "--mac-prefix", PREFIX,
                "--timeout", "PT10S", "--journal", journal.toString(), "--state", state.toString()};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> fleet = CompletableFuture.supplyAsync(() -> Agent.run(args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));

        // in the middle of the activations: a third of the fleet is in the database
        await("a third of the fleet activated").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .failFast(() -> assertFalse(fleet.isDone(), "the fleet did not start activating: " + out))
                .until(() -> count("SELECT COUNT(*) FROM instance WHERE mac LIKE ?", PREFIX + "%") >= 12);
        ProcessHandle jvm = nodeA.handle();
        assertTrue(jvm.info().command().orElse("").endsWith("/bin/java"), "the process killed is the JVM itself: " + jvm.info());
        long activatedBeforeKill = count("SELECT COUNT(*) FROM instance WHERE mac LIKE ?", PREFIX + "%");
        Instant killed = Instant.now();
        nodeA.kill();
        assertEquals(137, nodeA.awaitExit(Duration.ofSeconds(30)), "ended by SIGKILL (128 + 9)");

        int exit = fleet.get(90, TimeUnit.SECONDS);
        String summary = out.toString(StandardCharsets.UTF_8);
        System.out.println("FailoverIT: node A killed with " + activatedBeforeKill + " of " + FLEET + " appliances activated\n" + summary + err);
        assertEquals(0, exit, summary + err);

        // -------- what the fleet saw
        Matcher granted = find(summary, "activations: (\\d+) granted \\((\\d+) new, (\\d+) again\\), (\\d+) refused");
        int grantedAgain = Integer.parseInt(granted.group(3));
        assertEquals(SEATS, Integer.parseInt(granted.group(1)), "as many activations granted as the pool holds: " + summary);
        assertEquals(FLEET - SEATS, Integer.parseInt(granted.group(4)), summary);
        assertTrue(summary.contains("ASL_TYPE_EXHAUSTED=" + (FLEET - SEATS)), "the rest refused for want of a seat: " + summary);
        Matcher heartbeats = find(summary, "heartbeats: +(\\d+) ok, (\\d+) failed");
        assertEquals("0", heartbeats.group(2), "no heartbeat failed: each one that met the dead node was repeated on the other: " + summary);
        assertTrue(Long.parseLong(find(summary, "(\\d+) failovers").group(1)) >= 1, summary);

        // -------- the journal: every activation answered 2xx, with the node that answered it
        Map<String, String> answeredIds = new HashMap<>();  // instance id -> MAC
        Set<String> answeredBy = new HashSet<>();
        for (String line : Files.readAllLines(journal)) {
            String[] f = line.split(" ");
            if (f[0].equals("activation") && f[1].startsWith("2")) {
                assertTrue(answeredIds.put(f[3], f[2]) == null || answeredIds.get(f[3]).equals(f[2]), line);
                answeredBy.add(f[4]);
            }
        }
        assertEquals(SEATS, answeredIds.size(), "one instance per granted appliance");
        assertEquals(Set.of(strip(nodeA.base()), strip(nodeB.base())), answeredBy, "activations answered by both nodes, before and after the kill");

        // -------- the database
        try (Connection db = DriverManager.getConnection(dbUrl, System.getProperty("it.db.user", "root"), System.getProperty("it.db.password", ""))) {
            Map<String, String[]> instances = new HashMap<>();  // id -> mac, status, last heartbeat
            for (Object[] row : rows(db, "SELECT id, mac, status, last_heartbeat_at FROM instance WHERE mac LIKE ?", PREFIX + "%")) {
                instances.put((String) row[0], new String[]{(String) row[1], (String) row[2], ((Timestamp) row[3]).toInstant().toString()});
            }
            assertEquals(answeredIds.keySet(), instances.keySet(), "every activation answered 2xx is in the database, and nothing else");
            for (Map.Entry<String, String> answered : answeredIds.entrySet()) {
                String[] row = instances.get(answered.getKey());
                assertEquals(answered.getValue(), row[0], "the instance has the MAC that was answered");
                assertEquals("ACTIVE", row[1], "every appliance is ACTIVE afterwards");
                assertTrue(Instant.parse(row[2]).isAfter(killed.plusSeconds(2)), "it kept heartbeating after the kill, through node B: " + row[2]);
            }
            assertEquals(0, count(db, "SELECT COUNT(*) FROM (SELECT mac FROM instance WHERE seat_mac IS NOT NULL GROUP BY mac HAVING COUNT(*) > 1) twice"),
                    "no MAC with two instances holding seats");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM (SELECT instance_id, pool FROM seat WHERE instance_id IS NOT NULL"
                    + " GROUP BY instance_id, pool HAVING COUNT(*) > 1) twice"), "no appliance holds two seats");
            assertEquals(SEATS, count(db, "SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL", TYPE));
            assertEquals(SEATS, count(db, "SELECT COUNT(*) FROM seat WHERE pool = '*' AND instance_id IS NOT NULL"));
            assertEquals(0, count(db, "SELECT COUNT(*) FROM seat s LEFT JOIN instance i ON i.id = s.instance_id"
                    + " WHERE s.instance_id IS NOT NULL AND (i.id IS NULL OR i.status <> 'ACTIVE')"), "every held seat belongs to an ACTIVE instance");

            // seats in use at every moment, rebuilt from the exact seat-holding intervals (half-open: an end before a start)
            List<long[]> events = new ArrayList<>();
            for (Object[] row : rows(db, "SELECT started_at, ended_at FROM usage_interval WHERE license_type = ?", TYPE)) {
                events.add(new long[]{micros((Timestamp) row[0]), 1});
                if (row[1] != null) events.add(new long[]{micros((Timestamp) row[1]), -1});
            }
            events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            int inUse = 0;
            int peak = 0;
            for (long[] event : events) {
                inUse += (int) event[1];
                peak = Math.max(peak, inUse);
            }
            assertEquals(SEATS, peak, "seats in use never exceeded the pool of " + SEATS + " and reached it");
            assertEquals(SEATS, inUse);

            // the audit trail: each appliance activated exactly once, every count within the pool, re-activations as answered
            List<Object[]> activating = rows(db, "SELECT instance_id, message, node FROM audit_event WHERE message LIKE ? ORDER BY id",
                    "Activating ASL instance with ASL License " + TYPE + ". Current activations is %");
            assertEquals(SEATS, activating.size(), "one activation line per instance");
            assertEquals(SEATS, activating.stream().map(r -> r[0]).distinct().count());
            for (Object[] row : activating) {
                // the seed's line, then the appliance it names (". Appliance HOST, MAC X")
                int current = Integer.parseInt(((String) row[1]).replaceAll("^.*Current activations is (\\d+).*$", "$1"));
                assertTrue(current >= 1 && current <= SEATS, "the count in the audit line stays within the pool: " + row[1]);
            }
            assertTrue(activating.stream().anyMatch(r -> "node-a".equals(r[2])) && activating.stream().anyMatch(r -> "node-b".equals(r[2])),
                    "both nodes activated appliances");
            assertEquals(grantedAgain, count(db, "SELECT COUNT(*) FROM audit_event WHERE message LIKE 'ASL instance re-activated%'"),
                    "a repeated activation (node A had committed it, its answer was lost) was answered as a re-activation, no second seat");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM (SELECT instance_id, LEFT(message, 40) FROM audit_event WHERE node = 'node-b'"
                    + " AND instance_id IS NOT NULL GROUP BY instance_id, LEFT(message, 40) HAVING COUNT(*) > 1) twice"),
                    "the surviving node's audit shows no transition twice");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM audit_event WHERE message LIKE 'ASL instance expired%' OR message LIKE 'ASL instance seat released%'"
                    + " OR message LIKE '%deregistered%'"), "no appliance lost its seat or went STALE");
        }

        // -------- the node registry, from the surviving node
        JsonObject nodeAView = await("node A shown DOWN by node B").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> node(b, "node-a"), view -> view.getString("status").equals("DOWN"));
        assertEquals("DOWN", nodeAView.getString("status"), nodeAView.toString());
        assertEquals("127.0.0.1:" + nodeA.base().getPort(), nodeAView.getString("address").replaceAll("^[^:]*:", "127.0.0.1:"), nodeAView.toString());
        JsonObject nodeBView = node(b, "node-b");
        assertEquals("UP", nodeBView.getString("status"));
        assertTrue(nodeBView.getBoolean("self"));
        assertTrue(nodeBView.getString("address").endsWith(":" + nodeB.base().getPort()), nodeBView.toString());
    }

    // ------------------------------------------------------------------ helpers

    private static JsonObject node(Http http, String name) {
        Http.Answer answer = http.admin("GET", "api/v1/admin/nodes", null, null);
        assertEquals(200, answer.status(), answer.toString());
        return answer.array().stream().map(JsonValue::asJsonObject).filter(n -> n.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name + " in " + answer));
    }

    private static String strip(java.net.URI base) {
        return base.toString().replaceAll("/$", "");
    }

    private static Matcher find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "no " + regex + " in:\n" + text);
        return matcher;
    }

    private static long micros(Timestamp at) {
        Instant instant = at.toInstant();
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        try (Connection db = DriverManager.getConnection(dbUrl, System.getProperty("it.db.user", "root"), System.getProperty("it.db.password", ""))) {
            return count(db, sql, parameters);
        }
    }

    private static long count(Connection db, String sql, Object... parameters) throws SQLException {
        return ((Number) rows(db, sql, parameters).get(0)[0]).longValue();
    }

    private static List<Object[]> rows(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Object[] row = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = result.getObject(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
