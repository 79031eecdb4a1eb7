package net.activationserver.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MELA report's daily rollups against the real database: figures from known intervals (seeded as rows of
 * usage_interval, in days long closed), the same whether computed live or read from rollups, rollups written by eight
 * concurrent requests leaving one correct row per day and type, a deleted rollup computed live and written again, the
 * monthly view.
 */
class MelaIT extends ItBase {

    private static final long MICROS_PER_HOUR = 3_600_000_000L;

    private String typeA;
    private String typeB;
    private LocalDate base;

    /**
     * Base day B (12 days ago): A 00:00-12:00 then relicensed to B 12:00 until deregistered at B+1 12:00; A 22:00 to
     * B+1 02:00 (crosses midnight); B from B+1 06:00, still active; A on B+2 08:00-18:30 (released by expiry).
     */
    private void seed(int daysAgo) throws SQLException {
        typeA = Fixtures.typeCode("MA");
        typeB = Fixtures.typeCode("MB");
        base = LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo);
        String relicensed = UUID.randomUUID().toString();
        interval(relicensed, typeA, at(0, "00:00"), at(0, "12:00"));
        interval(relicensed, typeB, at(0, "12:00"), at(1, "12:00"));
        interval(UUID.randomUUID().toString(), typeA, at(0, "22:00"), at(1, "02:00"));
        interval(UUID.randomUUID().toString(), typeB, at(1, "06:00"), null);
        interval(UUID.randomUUID().toString(), typeA, at(2, "08:00"), at(2, "18:30"));
    }

    private String at(int day, String time) {
        return base.plusDays(day) + " " + time + ":00.000000";
    }

    private static void interval(String instance, String type, String start, String end) throws SQLException {
        try (Connection db = Fixtures.db();
             PreparedStatement insert = db.prepareStatement("INSERT INTO usage_interval (instance_id, license_type, started_at, ended_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, instance);
            insert.setString(2, type);
            insert.setString(3, start);
            insert.setString(4, end);
            insert.executeUpdate();
        }
    }

    private void sql(String statement, Object... parameters) throws SQLException {
        try (Connection db = Fixtures.db(); PreparedStatement update = db.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    /** The expected rows of B..B+4: date offset, type, peak, instance-hours. */
    private Map<String, String> expected() {
        Map<String, String> rows = new LinkedHashMap<>();
        expect(rows, 0, typeA, 1, 14);
        expect(rows, 0, typeB, 1, 12);
        expect(rows, 1, typeA, 1, 2);
        expect(rows, 1, typeB, 2, 30);
        expect(rows, 2, typeA, 1, 10.5);
        expect(rows, 2, typeB, 1, 24);
        expect(rows, 3, typeA, 0, 0);
        expect(rows, 3, typeB, 1, 24);
        expect(rows, 4, typeA, 0, 0);
        expect(rows, 4, typeB, 1, 24);
        return rows;
    }

    private void expect(Map<String, String> rows, int day, String type, int peak, double hours) {
        double average = java.math.BigDecimal.valueOf(hours / 24).setScale(4, java.math.RoundingMode.HALF_UP).doubleValue();
        rows.put(base.plusDays(day) + "," + type, peak + "," + average + "," + hours);
    }

    /** The report's rows for this test's types: "date,type" to "peak,average,hours". */
    private Map<String, String> report(LocalDate from, LocalDate to) {
        Http.Answer answer = http.admin("GET", "api/v1/admin/reports/mela?format=json&from=" + from + "&to=" + to, null, null);
        assertEquals(200, answer.status(), answer.toString());
        Map<String, String> rows = new LinkedHashMap<>();
        for (JsonValue value : answer.array()) {
            JsonObject row = value.asJsonObject();
            if (row.getString("licenseType").equals(typeA) || row.getString("licenseType").equals(typeB)) {
                rows.put(row.getString("date") + "," + row.getString("licenseType"), row.getInt("peakSeatsInUse") + ","
                        + row.getJsonNumber("averageSeatsInUse").doubleValue() + "," + row.getJsonNumber("instanceHours").doubleValue());
            }
        }
        return rows;
    }

    /** This test's stored rollups of B..B+4: "date,type" to "peak,seat-microseconds", checking each key has one row. */
    private Map<String, String> stored() throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection db = Fixtures.db();
             PreparedStatement select = db.prepareStatement("SELECT day, license_type, COUNT(*), MIN(peak_seats), MIN(seat_micros), MAX(seat_micros)"
                     + " FROM usage_rollup WHERE license_type IN (?, ?) AND day BETWEEN ? AND ? GROUP BY day, license_type")) {
            select.setString(1, typeA);
            select.setString(2, typeB);
            select.setObject(3, base);
            select.setObject(4, base.plusDays(4));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    assertEquals(1, result.getInt(3), "one row per day and type");
                    assertEquals(result.getLong(5), result.getLong(6));
                    rows.put(result.getDate(1).toLocalDate() + "," + result.getString(2), result.getInt(4) + "," + result.getLong(5));
                }
            }
        }
        return rows;
    }

    private Map<String, String> expectedStored() {
        Map<String, String> rows = new TreeMap<>();
        rows.put(base + "," + typeA, "1," + 14 * MICROS_PER_HOUR);
        rows.put(base + "," + typeB, "1," + 12 * MICROS_PER_HOUR);
        rows.put(base.plusDays(1) + "," + typeA, "1," + 2 * MICROS_PER_HOUR);
        rows.put(base.plusDays(1) + "," + typeB, "2," + 30 * MICROS_PER_HOUR);
        rows.put(base.plusDays(2) + "," + typeA, "1," + 21 * MICROS_PER_HOUR / 2);
        rows.put(base.plusDays(2) + "," + typeB, "1," + 24 * MICROS_PER_HOUR);
        rows.put(base.plusDays(3) + "," + typeB, "1," + 24 * MICROS_PER_HOUR);
        rows.put(base.plusDays(4) + "," + typeB, "1," + 24 * MICROS_PER_HOUR);
        return rows;
    }

    /** Every rolled-up day in the range has one marker whose row count matches its rows. */
    private void assertMarkersComplete(LocalDate from, LocalDate to) {
        assertEquals(from.datesUntil(to.plusDays(1)).count(), Fixtures.count("SELECT COUNT(*) FROM usage_rollup_day d WHERE d.day BETWEEN ? AND ?"
                + " AND d.type_rows = (SELECT COUNT(*) FROM usage_rollup r WHERE r.day = d.day)", from, to));
    }

    private Http.Answer recompute(LocalDate from, LocalDate to) {
        return http.admin("POST", "api/v1/admin/reports/mela/rollups?from=" + from + "&to=" + to, null, null);
    }

    @Test
    void rollupsWrittenByConcurrentRequestsEqualTheLiveFiguresAndAreRepairedWhenDeleted() throws Exception {
        seed(12);
        LocalDate last = base.plusDays(4);
        sql("DELETE FROM usage_rollup_day WHERE day BETWEEN ? AND ?", base, last);
        sql("DELETE FROM usage_rollup WHERE day BETWEEN ? AND ?", base, last);
        Map<String, String> live = report(base, last);
        assertEquals(expected(), live, "computed live from the intervals");

        // eight writers of the same days at once (as nodes running the timer together)
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return recompute(base, last);
            }));
        }
        go.countDown();
        for (Future<Http.Answer> answer : answers) {
            Http.Answer done = answer.get();
            assertEquals(200, done.status(), done.toString());
            assertEquals(5, done.json().getInt("days"), done.toString());
        }
        pool.shutdown();
        assertEquals(expectedStored(), stored(), "exactly one correct row per day and type");
        assertMarkersComplete(base, last);
        assertEquals(live, report(base, last), "read from the rollups: the same figures");

        // the report does read the rollups: a changed row shows (and a recompute puts it right)
        sql("UPDATE usage_rollup SET peak_seats = 99 WHERE day = ? AND license_type = ?", base, typeA);
        assertTrue(report(base, last).get(base + "," + typeA).startsWith("99,"));
        assertEquals(200, recompute(base, base).status());
        assertEquals(live, report(base, last));

        // a row deleted: its day is computed live, and the timer's run writes it again
        sql("DELETE FROM usage_rollup WHERE day = ? AND license_type = ?", base.plusDays(1), typeB);
        // a day's marker deleted: the same
        sql("DELETE FROM usage_rollup_day WHERE day = ?", base.plusDays(3));
        assertEquals(live, report(base, last), "missing rollups are computed from the intervals");
        Http.Answer timer = http.admin("POST", "api/v1/admin/reports/mela/rollups", null, null);
        assertEquals(200, timer.status(), timer.toString());
        assertTrue(timer.json().getInt("days") >= 2, timer.toString());
        assertEquals(expectedStored(), stored());
        assertMarkersComplete(base, last);
        assertEquals(live, report(base, last));
    }

    /**
     * A day rolled up, then an interval of that day written (as a bulk import or a restore does, or a seeding the timer
     * ran into): the timer's next run forgets that day's rollups and writes them again with the late interval counted.
     */
    @Test
    void anIntervalWrittenAfterItsDayWasRolledUpIsCountedByTheTimersNextRun() throws Exception {
        seed(20);
        LocalDate last = base.plusDays(4);
        assertEquals(200, recompute(base, last).status());
        assertEquals(expected(), report(base, last), "rolled up");
        assertMarkersComplete(base, last);

        interval(UUID.randomUUID().toString(), typeA, at(3, "10:00"), at(3, "16:00")); // six hours, written late
        String day = base.plusDays(3) + "," + typeA;
        assertTrue(report(base, last).get(day).startsWith("0,"), "until the timer runs, the stored rollup is read: " + report(base, last).get(day));

        Http.Answer timer = http.admin("POST", "api/v1/admin/reports/mela/rollups", null, null);
        assertEquals(200, timer.status(), timer.toString());
        assertTrue(timer.json().getInt("days") >= 1, "the day is rolled up again: " + timer);
        Map<String, String> expected = expected();
        expect(expected, 3, typeA, 1, 6);
        assertEquals(expected, report(base, last), "the late interval is counted");
        assertMarkersComplete(base, last);
        assertEquals("1," + 6L * 3_600_000_000L, storedRow(base.plusDays(3), typeA), "and stored");
    }

    private static String storedRow(LocalDate day, String type) {
        return Fixtures.count("SELECT peak_seats FROM usage_rollup WHERE day = ? AND license_type = ?", day, type) + ","
                + Fixtures.count("SELECT seat_micros FROM usage_rollup WHERE day = ? AND license_type = ?", day, type);
    }

    @Test
    void theOpenDayAndTheLastDaysAreComputedLiveUpToNow() throws Exception {
        seed(3);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Http.Answer recomputed = recompute(base, today.plusDays(5));
        assertEquals(200, recomputed.status(), recomputed.toString());
        LocalDate settled = LocalDate.parse(recomputed.json().getString("settledUntil"));
        assertTrue(!settled.isBefore(today.minusDays(2)) && settled.isBefore(today), "yesterday or the day before: " + settled);
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM usage_rollup_day WHERE day > ?", settled), "no rollup of a day not settled");

        Map<String, String> rows = report(base, today.plusDays(5));
        assertEquals(4 * 2, rows.size(), "B..today, two types, nothing after today: " + rows);
        assertEquals("1,1.0,24.0", rows.get(today.minusDays(1) + "," + typeB));
        assertTrue(rows.get(today + "," + typeB).startsWith("1,1.0,"), "the still active seat, all of today so far: " + rows);
        assertTrue(rows.get(today + "," + typeA).startsWith("0,0.0,0.0"));

        // the seats held at each rolled-up day's end (V13): the day after it starts with them
        assertEquals(1, endSeats(base, typeA), "A 22:00 to the next day's 02:00");
        assertEquals(1, endSeats(base, typeB), "B from 12:00 to the next day's 12:00");
        assertEquals(0, endSeats(base.plusDays(1), typeA));
        assertEquals(1, endSeats(base.plusDays(1), typeB), "the still active one");
        // today computed from yesterday's end seats gives what counting every interval begun before today gives
        sql("UPDATE usage_rollup SET end_seats = NULL WHERE day = ?", settled);
        Map<String, String> counted = report(base, today.plusDays(5));
        assertEquals(rows.keySet(), counted.keySet());
        assertEquals(rows.get(today + "," + typeA), counted.get(today + "," + typeA));
        assertEquals(rows.get(today + "," + typeB).substring(0, 6), counted.get(today + "," + typeB).substring(0, 6), "peak and average");
    }

    private int endSeats(LocalDate day, String type) {
        return (int) Fixtures.count("SELECT COALESCE(MAX(end_seats), 0) FROM usage_rollup WHERE day = ? AND license_type = ?", day, type);
    }

    @Test
    void monthlyViewSumsInstanceHoursAndTakesTheHighestPeak() throws Exception {
        seed(40);
        LocalDate last = base.plusDays(4);
        assertEquals(200, recompute(base, base.plusDays(1)).status(), "part rolled up, part live");
        sql("DELETE FROM usage_rollup_day WHERE day BETWEEN ? AND ?", base.plusDays(2), last);
        Map<String, double[]> expected = new TreeMap<>();
        double[][] days = {{1, 14, 1, 12}, {1, 2, 2, 30}, {1, 10.5, 1, 24}, {0, 0, 1, 24}, {0, 0, 1, 24}};
        for (int day = 0; day < days.length; day++) {
            String month = YearMonth.from(base.plusDays(day)).toString();
            merge(expected, month + "," + typeA, days[day][0], days[day][1]);
            merge(expected, month + "," + typeB, days[day][2], days[day][3]);
        }

        Http.Answer csv = http.admin("GET", "api/v1/admin/reports/mela?period=month&from=" + base + "&to=" + last, null, null);
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.header("Content-Disposition").contains("mela-monthly-" + base + "-" + last + ".csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("month,licenseType,peakSeatsInUse,instanceHours", lines.get(0));
        Map<String, double[]> actual = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells[1].equals(typeA) || cells[1].equals(typeB)) {
                actual.put(cells[0] + "," + cells[1], new double[]{Double.parseDouble(cells[2]), Double.parseDouble(cells[3])});
            }
        }
        assertEquals(expected.keySet(), actual.keySet(), csv.body());
        expected.forEach((key, figures) -> {
            assertEquals(figures[0], actual.get(key)[0], key + " peak");
            assertEquals(figures[1], actual.get(key)[1], 1e-9, key + " instance-hours");
        });

        // whole months with YYYY-MM, and JSON
        YearMonth month = YearMonth.from(base);
        Http.Answer json = http.admin("GET", "api/v1/admin/reports/mela?period=month&format=json&from=" + month + "&to=" + month, null, null);
        assertEquals(200, json.status(), json.toString());
        JsonObject rowB = json.array().stream().map(JsonValue::asJsonObject).filter(r -> r.getString("licenseType").equals(typeB))
                .findFirst().orElseThrow(() -> new AssertionError(json.body()));
        assertEquals(month.toString(), rowB.getString("month"));
        assertTrue(rowB.getInt("peakSeatsInUse") >= 1, json.body());
    }

    private static void merge(Map<String, double[]> months, String key, double peak, double hours) {
        double[] figures = months.computeIfAbsent(key, k -> new double[2]);
        figures[0] = Math.max(figures[0], peak);
        figures[1] += hours;
    }

    @Test
    void badParametersAreProblemsAndViewersMayNotRecompute() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertProblem(http.admin("GET", "api/v1/admin/reports/mela?period=week&from=" + today + "&to=" + today, null, null), 400, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("GET", "api/v1/admin/reports/mela?period=month&from=2026-02&to=2026-01", null, null), 400, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("GET", "api/v1/admin/reports/mela?period=month&from=2026-1&to=2026-02", null, null), 400, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("GET", "api/v1/admin/reports/mela?from=2000-01-01&to=2026-01-01", null, null), 400, "ASL_INVALID_REQUEST");
        assertProblem(http.admin("POST", "api/v1/admin/reports/mela/rollups?from=" + today + "&to=2020-01-01", null, null), 400, "ASL_INVALID_REQUEST");

        String viewer = "mela-viewer-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, http.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"" + viewer + "\",\"password\":\"viewer-password-1\",\"role\":\"viewer\"}").status());
        assertEquals(200, http.as(viewer, "viewer-password-1", "GET", "api/v1/admin/reports/mela?from=" + today + "&to=" + today, null, null).status());
        assertProblem(http.as(viewer, "viewer-password-1", "POST", "api/v1/admin/reports/mela/rollups", null, null), 403, "ASL_FORBIDDEN");
    }
}
