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

/** Concurrent activations never take more seats than the pool holds, per type or in all. */
class SeatRaceIT extends ItBase {

    /** Fires the activations at once (after a shared start signal) and counts the answers by status and code. */
    private Map<String, Integer> race(List<String> bodies) throws Exception {
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
        Map<String, Integer> outcome = new TreeMap<>();
        for (Future<Http.Answer> answer : answers) {
            Http.Answer a = answer.get();
            String key = a.status() + (a.status() >= 400 ? " " + a.code() : "");
            outcome.merge(key, 1, Integer::sum);
        }
        callers.shutdown();
        return outcome;
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
