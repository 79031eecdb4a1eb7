package net.activationserver.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two server nodes on the three-node Galera cluster, each writing through its own Galera node (multi-writer), the
 * layout whose write conflicts surface only at COMMIT (error 1213). An activation storm in which every MAC is sent to
 * both server nodes at once and the last seats of a type and of the instance limit are contested, with heartbeats and
 * sweeps running on both nodes; then everything is checked from the database (through the third Galera node): no
 * over-allocation, no MAC holding two seats, every acknowledged activation holding its seat, the seat counters equal
 * to the seats held, one activation line and one usage interval per instance, and no answer 500 or 503.
 * The fault run ({@code -Pgalera}, GaleraFaultsIT) does the same while killing server and Galera nodes.
 */
class GaleraRaceIT {

    static final int LIMIT = 60;
    static final String LAST = "GA-LAST";
    static final int LAST_SEATS = 20;
    static final String MANY = "GA-MANY";
    static final int MANY_SEATS = 100;

    private static final String DATABASE = "asl_galera_race";
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;

    @BeforeAll
    static void startTwoServersOnTwoGaleraNodes() throws IOException {
        GaleraCluster.start();
        GaleraCluster.freshDatabase(DATABASE);
        // one after the other: the first runs the migrations (Flyway's lock is a named lock, which Galera does not share)
        nodeA = ServerProcess.start(settings("galera-a", GaleraCluster.url(1, DATABASE)));
        nodeA.awaitServing(Duration.ofMinutes(4));
        nodeB = ServerProcess.start(settings("galera-b", GaleraCluster.url(2, DATABASE)));
        nodeB.awaitServing(Duration.ofMinutes(4));
    }

    static Map<String, String> settings(String name, String dbUrl) {
        return Fixtures.serverSettings(dbUrl, "ASL_DB_USER", GaleraCluster.USER, "ASL_DB_PASSWORD", GaleraCluster.PASSWORD,
                "ASL_NODE_NAME", name, "ASL_SWEEP_INTERVAL", "PT1S", "ASL_NODE_REFRESH", "PT1S");
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    @Test
    void anActivationStormOnTwoWritersNeverOverAllocatesAndNeverFails() throws Exception {
        Storm storm = new Storm(List.of(new Http(nodeA.base()), new Http(nodeB.base())), "02:6A:" + String.format("%02X", new Random().nextInt(256)));
        storm.installPool("L-GALERA-RACE");
        storm.run(() -> null);
        storm.assertNoServerFault(false);
        try (Connection db = GaleraCluster.connect(3, DATABASE)) {
            assertEquals(LIMIT, storm.assertConsistent(db), "100 appliances for " + LIMIT + " seats: the pool is full, and no more");
        }
    }

    /**
     * A license file of a million seats is a million seat rows in one transaction: replicated in fragments (LargeWrite),
     * it installs through one Galera node, every seat is there on the others, and the pool offers them.
     */
    @Test
    void aLicenseFileOfAMillionSeatsInstallsOnGalera() throws SQLException {
        // a correctness test, not a latency one: a million rows written or deleted through Galera took 20 to 80 s here,
        // by the VM's speed at the hour
        Http a = new Http(nodeA.base()).patient(Duration.ofMinutes(5));
        Http.Answer installed = a.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-GALERA-MILLION", 1_000_000, "GA-MILLION", "1000000"));
        assertEquals(201, installed.status(), installed.toString());
        try (Connection db = GaleraCluster.connect(3, DATABASE); Statement sql = db.createStatement()) {
            sql.execute("SET SESSION wsrep_sync_wait = 1");
            assertEquals(1_000_000, Storm.count(db, "SELECT COUNT(*) FROM seat WHERE pool = 'GA-MILLION'"), "every seat row, on another Galera node");
        }
        String mac = "02:6B:00:00:00:01";
        Http.Answer activated = new Http(nodeB.base()).appliance("POST", "api/v1/activations", Fixtures.activation(mac, "GA-MILLION"));
        assertEquals(201, activated.status(), "a seat of it taken through the other server node: " + activated);
        assertEquals(204, a.admin("DELETE", "api/v1/admin/instances/" + activated.json().getString("instanceId"), null, null).status());
        assertEquals(204, a.admin("DELETE", "api/v1/admin/entitlements/L-GALERA-MILLION", null, null).status(), "and removed again");
    }

    /**
     * The storm and the checks afterwards, for one pool: {@value #LIMIT} instances at most, {@value #LAST_SEATS} seats
     * of {@value #LAST} for 40 appliances and {@value #MANY_SEATS} of {@value #MANY} for 60, each MAC sent to every
     * server node at once.
     */
    static final class Storm {
        final List<Http> nodes;
        final String prefix;
        /** Per MAC, the instance ids answered 2xx. */
        final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        /** Every answer's status and code, counted. */
        final Map<String, Integer> answers = new ConcurrentHashMap<>();
        final List<String> faults = Collections.synchronizedList(new ArrayList<>());
        final Map<String, String> macTypes = new HashMap<>();
        /** Instance id and a token an activation answer gave it (a later answer for the same MAC replaces the token). */
        final Map<String, String> tokens = new ConcurrentHashMap<>();

        Storm(List<Http> nodes, String prefix) {
            this.nodes = nodes;
            this.prefix = prefix;
            for (int i = 0; i < 100; i++) {
                macTypes.put(String.format("%s:%02X:%02X:%02X", prefix, i / 256, i % 256, 0x5A), i < 40 ? LAST : MANY);
            }
        }

        void installPool(String licenseId) {
            Http.Answer installed = nodes.get(0).admin("POST", "api/v1/admin/entitlements", "application/jose",
                    Fixtures.licenseFile(licenseId, LIMIT, LAST, Integer.toString(LAST_SEATS), MANY, Integer.toString(MANY_SEATS)));
            assertEquals(201, installed.status(), installed.toString());
        }

        /** The storm, with heartbeats of the acknowledged instances and sweeps on every node; {@code midStorm} runs once a third is in. */
        void run(java.util.concurrent.Callable<?> midStorm) throws Exception {
            ExecutorService callers = Executors.newFixedThreadPool(24);
            // each MAC's calls, one per server node, side by side in the queue and released together
            List<List<Runnable>> macs = new ArrayList<>();
            for (Map.Entry<String, String> mac : macTypes.entrySet()) {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(nodes.size());
                List<Runnable> same = new ArrayList<>();
                for (Http node : nodes) {
                    same.add(() -> {
                        try {
                            together.await(2, TimeUnit.SECONDS);
                        } catch (Exception notTogether) {
                            // the other call is late (or was released alone): it goes anyway
                        }
                        activate(node, mac.getKey(), mac.getValue());
                    });
                }
                macs.add(same);
            }
            Collections.shuffle(macs, new Random(20));
            List<Runnable> calls = macs.stream().flatMap(List::stream).toList();
            AtomicBoolean storming = new AtomicBoolean(true);
            Thread background = new Thread(() -> heartbeatsAndSweeps(storming));
            background.start();
            List<Future<?>> done = new ArrayList<>();
            Future<?> fault = null;
            for (int i = 0; i < calls.size(); i++) {
                done.add(callers.submit(calls.get(i)));
                if (i == calls.size() / 3) {
                    done.get(0).get(); // a first answer is in
                    fault = callers.submit(midStorm);
                }
            }
            for (Future<?> call : done) {
                call.get(5, TimeUnit.MINUTES);
            }
            if (fault != null) {
                fault.get(5, TimeUnit.MINUTES);
            }
            callers.shutdown();
            assertTrue(callers.awaitTermination(5, TimeUnit.MINUTES));
            storming.set(false);
            background.join();
        }

        private void activate(Http node, String mac, String type) {
            Http.Answer answer;
            try {
                answer = node.appliance("POST", "api/v1/activations", Fixtures.activation(mac, type));
            } catch (RuntimeException unreachable) { // a server node killed mid-storm: the appliance tries the other
                count("unreachable, tried the other node");
                Http other = nodes.get((nodes.indexOf(node) + 1) % nodes.size());
                try {
                    answer = other.appliance("POST", "api/v1/activations", Fixtures.activation(mac, type));
                } catch (RuntimeException alsoUnreachable) {
                    faults.add(mac + ": no server node answered: " + alsoUnreachable);
                    return;
                }
                node = other;
            }
            String code = answer.status() >= 400 && answer.contentType() != null && answer.contentType().contains("json") ? answer.code() : "";
            count(answer.status() + " " + code);
            if (answer.status() == 200 || answer.status() == 201) {
                String id = answer.json().getString("instanceId");
                acknowledged.computeIfAbsent(mac, m -> ConcurrentHashMap.newKeySet()).add(id);
                tokens.put(id, answer.json().getString("instanceToken"));
            } else if (answer.status() >= 500) {
                faults.add(mac + " on " + node + ": " + answer);
            } else {
                assertTrue(answer.status() == 409 && (code.equals("ASL_TYPE_EXHAUSTED") || code.equals("ASL_LIMIT_REACHED")),
                        "only a full pool refuses: " + answer);
            }
        }

        private void count(String what) {
            answers.merge(what, 1, Integer::sum);
        }

        private void heartbeatsAndSweeps(AtomicBoolean storming) {
            Random random = new Random(7);
            for (int round = 0; storming.get(); round++) {
                Http node = nodes.get(random.nextInt(nodes.size()));
                try {
                    if (round % 10 == 0) {
                        Http.Answer swept = node.admin("POST", "api/v1/admin/sweeps", null, null);
                        if (swept.status() >= 500) {
                            faults.add("sweep on " + node + ": " + swept);
                        }
                    }
                    List<Map.Entry<String, String>> known = new ArrayList<>(tokens.entrySet());
                    if (!known.isEmpty()) {
                        Map.Entry<String, String> instance = known.get(random.nextInt(known.size()));
                        // a token that a later activation of the same MAC replaced is refused (401): not a fault
                        Http.Answer beat = node.instance("POST", "api/v1/instances/" + instance.getKey() + "/heartbeat", instance.getValue(), "{}");
                        count("heartbeat " + beat.status());
                        if (beat.status() >= 500) {
                            faults.add("heartbeat on " + node + ": " + beat);
                        }
                    }
                } catch (RuntimeException unreachable) {
                    // a server node killed mid-storm
                }
            }
        }

        /** No 500 ever; a 503 only where {@code unavailableAllowed} (while a Galera node dies). */
        void assertNoServerFault(boolean unavailableAllowed) {
            System.out.println("Galera storm answers: " + new java.util.TreeMap<>(answers) + "; write conflicts met and run again: " + conflicts());
            List<String> wrong = faults.stream().filter(f -> !unavailableAllowed || !f.contains("503")).toList();
            assertTrue(wrong.isEmpty(), wrong.size() + " answer(s) 5xx, the first: " + (wrong.isEmpty() ? "" : wrong.get(0)));
        }

        /** The write conflicts the server nodes still running met ({@code asl_write_conflicts_total}), in all. */
        long conflicts() {
            long sum = 0;
            for (Http node : nodes) {
                try {
                    for (String line : node.plain("GET", "metrics", null, null).body().split("\n")) {
                        if (line.startsWith("asl_write_conflicts_total ")) {
                            sum += (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                        }
                    }
                } catch (RuntimeException gone) {
                    // a node killed mid-storm
                }
            }
            return sum;
        }

        /** The checks from the database, through a Galera node that waits for the cluster's last write before it reads. */
        /** @return the seats of the instance limit held */
        long assertConsistent(Connection db) throws SQLException {
            try (Statement sql = db.createStatement()) {
                sql.execute("SET SESSION wsrep_sync_wait = 1");
            }
            String mine = "mac LIKE '" + prefix + "%'";
            long last = count(db, "SELECT COUNT(*) FROM seat s JOIN instance i ON i.id = s.instance_id WHERE s.pool = ? AND i." + mine, LAST);
            long many = count(db, "SELECT COUNT(*) FROM seat s JOIN instance i ON i.id = s.instance_id WHERE s.pool = ? AND i." + mine, MANY);
            long limit = count(db, "SELECT COUNT(*) FROM seat s JOIN instance i ON i.id = s.instance_id WHERE s.pool = '*' AND i." + mine);
            System.out.printf("Galera storm: %d of %d seats of %s held, %d of %s, %d of the limit %d%n", last, LAST_SEATS, LAST, many, MANY, limit, LIMIT);
            assertTrue(last <= LAST_SEATS, "no over-allocation of " + LAST + ": " + last);
            assertTrue(limit <= LIMIT, "no over-allocation of the instance limit: " + limit);
            assertEquals(last + many, limit, "every instance holding a type's seat holds one of the limit");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM (SELECT mac FROM instance WHERE status IN ('ACTIVE', 'STALE') AND " + mine
                    + " GROUP BY mac HAVING COUNT(*) > 1) twice"), "no MAC holds two seats");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM (SELECT instance_id FROM seat WHERE instance_id IS NOT NULL"
                    + " GROUP BY instance_id HAVING COUNT(*) <> 2) odd"), "every instance holds one seat of its type and one of the limit");
            // every acknowledged activation: present, ACTIVE, holding its seats; one instance per MAC
            Set<String> ids = new HashSet<>();
            for (Map.Entry<String, Set<String>> mac : acknowledged.entrySet()) {
                assertEquals(1, mac.getValue().size(), "one instance per MAC, whichever node answered: " + mac);
                String id = mac.getValue().iterator().next();
                ids.add(id);
                assertEquals(1, count(db, "SELECT COUNT(*) FROM instance WHERE id = ? AND mac = ? AND status = 'ACTIVE'", id, mac.getKey()),
                        "acknowledged activation " + mac + " is in the database");
                assertEquals(2, count(db, "SELECT COUNT(*) FROM seat WHERE instance_id = ?", id), "and holds its seats: " + mac);
            }
            assertEquals(ids.size(), count(db, "SELECT COUNT(*) FROM instance WHERE " + mine), "no instance nobody was told of");
            assertEquals(limit, ids.size(), "the seats held are the acknowledged activations'");
            // the seat counters (V7's shards) equal the seats held, for every pool
            assertEquals(0, count(db, "SELECT COUNT(*) FROM (SELECT pool, SUM(n) held, SUM(c) counted FROM ("
                    + " SELECT pool, COUNT(*) n, 0 c FROM seat WHERE instance_id IS NOT NULL GROUP BY pool"
                    + " UNION ALL SELECT pool, 0, SUM(used) FROM seat_count GROUP BY pool) x GROUP BY pool HAVING held <> counted) d"),
                    "seat_count agrees with the seats held");
            // audit and usage written exactly once per instance
            assertEquals(0, count(db, "SELECT COUNT(*) FROM instance i WHERE i." + mine + " AND (SELECT COUNT(*) FROM audit_event e"
                    + " WHERE e.instance_id = i.id AND e.message LIKE 'Activating ASL instance%') <> 1"), "one activation line per instance");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM instance i WHERE i." + mine + " AND (SELECT COUNT(*) FROM usage_interval u"
                    + " WHERE u.instance_id = i.id) <> 1"), "one usage interval per instance");
            return limit;
        }

        static long count(Connection db, String sql, Object... parameters) throws SQLException {
            try (PreparedStatement statement = db.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        }
    }
}
