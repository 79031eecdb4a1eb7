package net.activationserver.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent activations never take more seats than the pool holds, per type or in all. */
class SeatRaceIT extends ItBase {

    /** Fires the activations at once (after a shared start signal) and counts the answers by status and code. */
    private Map<String, Integer> race(List<String> bodies) throws Exception {
        Map<String, Integer> outcome = new TreeMap<>();
        for (Http.Answer a : answers(bodies)) {
            String key = a.status() + (a.status() >= 400 ? " " + a.code() : "");
            outcome.merge(key, 1, Integer::sum);
        }
        return outcome;
    }

    /** Fires the activations at once (after a shared start signal). @return their answers, in the order of the bodies */
    private List<Http.Answer> answers(List<String> bodies) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(bodies.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (String body : bodies) {
            Callable<Http.Answer> call = () -> {
                start.await();
                return http.appliance("POST", "api/v1/activations", body);
            };
            answers.add(callers.submit(call));
        }
        start.countDown();
        List<Http.Answer> answered = new ArrayList<>();
        for (Future<Http.Answer> answer : answers) {
            answered.add(answer.get());
        }
        callers.shutdown();
        return answered;
    }

    private static List<String> distinctMacs(int n, String type) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(Fixtures.activation(Fixtures.mac(), type));
        }
        return bodies;
    }

    @Test
    void sixtyFourActivationsForTenFreeSeatsGrantExactlyTen() throws Exception {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("RACE");
        install(Fixtures.licenseFile("L-" + type, 1000, type, "10"));

        Map<String, Integer> outcome = race(distinctMacs(64, type));

        assertEquals(Map.of("201", 10, "409 ASL_TYPE_EXHAUSTED", 54), outcome);
        assertEquals(10, Fixtures.count("SELECT COUNT(*) FROM instance WHERE license_type = ? AND status = 'ACTIVE'", type));
        assertEquals(10, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL", type));
        assertEquals(10, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = '*' AND instance_id IS NOT NULL"));
        assertEquals(10, Fixtures.count("SELECT COUNT(*) FROM audit_event e JOIN instance i ON i.id = e.instance_id WHERE i.license_type = ?"
                + " AND e.message LIKE 'Activating ASL instance%'", type));
        assertEquals(10, typeOf("VMWARE", type).getInt("used"));
    }

    @Test
    void whenTheGlobalLimitHasOneLeftOnlyOneOfSixtyFourIsGranted() throws Exception {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("GLOB");
        install(Fixtures.licenseFile("L-" + type, 3, type, "4"));
        activate(Fixtures.mac(), type);
        activate(Fixtures.mac(), type); // the type has 2 seats left, the global limit 1

        Map<String, Integer> outcome = race(distinctMacs(64, type));

        assertEquals(Map.of("201", 1, "409 ASL_LIMIT_REACHED", 63), outcome);
        assertEquals(3, Fixtures.count("SELECT COUNT(*) FROM instance WHERE license_type = ? AND status = 'ACTIVE'", type));
        assertEquals(3, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = '*' AND instance_id IS NOT NULL"));
        assertEquals(3, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL", type));
    }

    /**
     * Appliances refused for a full type must not get in the way of activations of another type: every free seat
     * of that type is granted, however many refusals run beside them.
     */
    @Test
    void refusalsForAFullTypeDoNotRefuseAnotherTypesFreeSeats() throws Exception {
        Fixtures.emptyPool(http);
        String full = Fixtures.typeCode("FULA");
        String free = Fixtures.typeCode("FULB"); // sorts right after the full type: their free seats are neighbours
        install(Fixtures.licenseFile("L-" + full, 1000, full, "1", free, "4"));
        activate(Fixtures.mac(), full);
        List<String> bodies = new ArrayList<>(distinctMacs(60, full));
        bodies.addAll(distinctMacs(4, free));

        Map<String, Integer> outcome = race(bodies);

        assertEquals(Map.of("201", 4, "409 ASL_TYPE_EXHAUSTED", 60), outcome);
        assertEquals(4, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL", free));
        assertEquals(5, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = '*' AND instance_id IS NOT NULL"));
    }

    @Test
    void oneMacActivatingSixteenTimesAtOnceHoldsOneSeat() throws Exception {
        Fixtures.emptyPool(http);
        String type = Fixtures.typeCode("SAME");
        install(Fixtures.licenseFile("L-" + type, 100, type, "10"));
        String mac = Fixtures.mac();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bodies.add(Fixtures.activation(mac, type));
        }

        Map<String, Integer> outcome = race(bodies);

        assertEquals(Map.of("201", 1, "200", 15), outcome);
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM instance WHERE mac = ?", mac));
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL", type));
    }

    /**
     * Activations that arrive together are written as batches (ActivationBatches): each appliance still gets its own
     * instance, token and lease, each its usage interval, and the audit lines count the type's seats one by one, as
     * activations one after the other would have.
     */
    @Test
    void activationsArrivingTogetherAreEachAnsweredAsIfAlone() throws Exception {
        Fixtures.emptyPool(http);
        List<String> types = List.of(Fixtures.typeCode("BATA"), Fixtures.typeCode("BATB"), Fixtures.typeCode("BATC"));
        install(Fixtures.licenseFile("L-" + types.get(0), 1000, types.get(0), "100", types.get(1), "100", types.get(2), "100"));
        long batchesBefore = metric("asl_activation_batch_size_count");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            bodies.add(Fixtures.activation(Fixtures.mac(), types.get(i % 3)));
        }

        List<Http.Answer> answers = answers(bodies);

        assertTrue(metric("asl_activation_batch_size_count") > batchesBefore, "some of 48 activations at once were batched");
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            Http.Answer answer = answers.get(i);
            assertEquals(201, answer.status(), answer.toString());
            String id = answer.json().getString("instanceId");
            assertTrue(ids.add(id), "a new instance for each appliance");
            assertEquals(types.get(i % 3), answer.json().getString("licenseType"));
            assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM instance WHERE id = ? AND mac = ? AND license_type = ?",
                    id, jakarta.json.Json.createReader(new java.io.StringReader(bodies.get(i))).readObject().getString("mac"), types.get(i % 3)));
            assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM usage_interval WHERE instance_id = ? AND license_type = ? AND ended_at IS NULL",
                    id, types.get(i % 3)));
            Http.Answer beat = http.instance("POST", "api/v1/instances/" + id + "/heartbeat", answer.json().getString("instanceToken"), "{\"build\":\"7.2.60.0\",\"uptimeSeconds\":1}");
            assertEquals(200, beat.status(), "its own token: " + beat);
        }
        // one batch's lines share its time: they count the type's seats one by one, in the order the calls came
        int batched = 0;
        for (String type : types) {
            Map<String, List<Integer>> byBatch = new TreeMap<>();
            try (java.sql.Connection db = Fixtures.db(); java.sql.PreparedStatement read = db.prepareStatement(
                    "SELECT CAST(e.at AS CHAR), e.message FROM audit_event e JOIN instance i ON i.id = e.instance_id"
                            + " WHERE i.license_type = ? AND e.message LIKE 'Activating ASL instance%' ORDER BY e.id")) {
                read.setString(1, type);
                try (java.sql.ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        byBatch.computeIfAbsent(rows.getString(1), at -> new ArrayList<>())
                                .add(Integer.parseInt(rows.getString(2).replaceAll(".*Current activations is (\\d+).*", "$1")));
                    }
                }
            }
            assertEquals(16, byBatch.values().stream().mapToInt(List::size).sum(), "an audit line per activation of " + type);
            for (List<Integer> counts : byBatch.values()) {
                for (int k = 1; k < counts.size(); k++) {
                    assertEquals(counts.get(k - 1) + 1, counts.get(k), "a batch's lines of " + type + " count on by one: " + byBatch);
                }
                assertTrue(counts.get(counts.size() - 1) <= 16, "never more than the seats taken: " + byBatch);
                batched += counts.size() > 1 ? 1 : 0;
            }
            assertEquals(16, typeOf("VMWARE", type).getInt("used"));
        }
        assertTrue(batched > 0, "some batch activated several of one type");
    }

    private long metric(String name) {
        Http.Answer metrics = http.plain("GET", "metrics?scope=application", null, null);
        assertEquals(200, metrics.status(), metrics.toString());
        return metrics.body().lines().filter(line -> line.startsWith(name))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void seatsAndInstancesAgreeAfterChurn() throws Exception {
        Fixtures.emptyPool(http);
        String a = Fixtures.typeCode("CHA");
        String b = Fixtures.typeCode("CHB");
        install(Fixtures.licenseFile("L-" + a, 12, a, "8", b, "8"));
        List<String> bodies = new ArrayList<>(distinctMacs(20, a));
        bodies.addAll(distinctMacs(20, b));
        race(bodies);
        assertEquals(12, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = '*' AND instance_id IS NOT NULL"));
        assertEquals(Fixtures.count("SELECT COUNT(*) FROM instance WHERE status IN ('ACTIVE', 'STALE')"),
                Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = '*' AND instance_id IS NOT NULL"));
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM seat s LEFT JOIN instance i ON i.id = s.instance_id"
                + " WHERE s.instance_id IS NOT NULL AND (i.id IS NULL OR i.status NOT IN ('ACTIVE', 'STALE') OR (s.pool <> '*' AND s.pool <> i.license_type))"),
                "every held seat belongs to a live instance of that type");
    }
}
