package net.activationserver.metering.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import net.activationserver.metering.entity.UsageReport;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The stored daily rollups (usage_rollup, and usage_rollup_day naming the days that are complete), inside the
 * caller's transaction. Writing is idempotent: a day is deleted and written again with the figures recomputed from
 * the intervals, so writers on several nodes at once leave exactly one row per day and type, all equal.
 */
@ApplicationScoped
public class Rollups {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    /**
     * The rolled-up days between {@code from} and {@code to} with their non-empty rows; a day whose stored rows do not
     * number what its marker says (a row was deleted) is left out, so it is computed from the intervals instead.
     * One statement, so it reads one consistent state even while a writer commits.
     */
    public Map<LocalDate, List<UsageReport.Day>> read(LocalDate from, LocalDate to) {
        Map<LocalDate, List<UsageReport.Day>> days = new HashMap<>();
        Map<LocalDate, Integer> expected = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT d.day, d.type_rows, r.license_type, r.peak_seats, r.seat_micros"
                        + " FROM usage_rollup_day d LEFT JOIN usage_rollup r ON r.day = d.day"
                        + " WHERE d.day BETWEEN ?1 AND ?2")
                .setParameter(1, from)
                .setParameter(2, to)
                .getResultList()) {
            Object[] cells = (Object[]) row;
            LocalDate day = date(cells[0]);
            expected.put(day, ((Number) cells[1]).intValue());
            List<UsageReport.Day> rows = days.computeIfAbsent(day, d -> new ArrayList<>());
            if (cells[2] != null) {
                rows.add(new UsageReport.Day(day, (String) cells[2], ((Number) cells[3]).intValue(), ((Number) cells[4]).longValue(),
                        UsageReport.MICROS_PER_DAY));
            }
        }
        days.entrySet().removeIf(day -> day.getValue().size() != expected.get(day.getKey()));
        return days;
    }

    /**
     * The seats of each type held at the end of a rolled-up day ({@link UsageReport#heldAt} its next midnight), if the
     * day's rollup is whole and was written with them (V13); a type without a row held none.
     */
    public Optional<Map<String, Integer>> endSeats(LocalDate day) {
        List<?> rows = em.createNativeQuery("SELECT d.type_rows, r.license_type, r.end_seats FROM usage_rollup_day d"
                        + " LEFT JOIN usage_rollup r ON r.day = d.day WHERE d.day = ?1")
                .setParameter(1, day)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> held = new HashMap<>();
        for (Object row : rows) {
            Object[] cells = (Object[]) row;
            if (cells[1] != null) {
                if (cells[2] == null) {
                    return Optional.empty(); // rolled up before V13
                }
                held.put((String) cells[1], ((Number) cells[2]).intValue());
            }
        }
        int expected = ((Number) ((Object[]) rows.get(0))[0]).intValue();
        return held.size() == expected ? Optional.of(held) : Optional.empty();
    }

    /**
     * How far back, before its last look, the rollup timer looks again at the intervals written: longer than any
     * transaction that writes intervals runs (an interval's {@code written_at} is when its statement ran, not when it
     * committed), and than the database nodes' clocks differ.
     */
    static final String LOOK_BACK = "INTERVAL 10 MINUTE";

    /**
     * Forgets the rollups of the settled days (up to {@code settled}) that intervals written since the last look touch
     * (written after their days were rolled up: a bulk import, a restore, a seeding that ran while the timer ticked), so
     * that {@link #missing} names those days again and the report computes them live until they are written again.
     * @return how many days' rollups were forgotten
     */
    public int forgetRewritten(LocalDate settled) {
        Object checked = em.createNativeQuery("SELECT COALESCE(CAST(checked_until - " + LOOK_BACK + " AS CHAR), '1970-01-01 00:00:00')"
                + " FROM usage_rollup_mark WHERE name = 'late' FOR UPDATE").getSingleResult();
        Object[] span = (Object[]) em.createNativeQuery("SELECT CAST(DATE(MIN(started_at)) AS CHAR),"
                        + " CAST(DATE(MAX(COALESCE(ended_at, UTC_TIMESTAMP(6)))) AS CHAR)"
                        + " FROM usage_interval WHERE written_at >= ?1 AND started_at < ?2")
                .setParameter(1, checked)
                .setParameter(2, settled.plusDays(1).toString())
                .getSingleResult();
        int forgotten = 0;
        if (span[0] != null) {
            LocalDate last = LocalDate.parse((String) span[1]);
            forgotten = em.createNativeQuery("DELETE FROM usage_rollup_day WHERE day BETWEEN ?1 AND ?2")
                    .setParameter(1, LocalDate.parse((String) span[0]))
                    .setParameter(2, last.isAfter(settled) ? settled : last)
                    .executeUpdate();
        }
        em.createNativeQuery("UPDATE usage_rollup_mark SET checked_until = UTC_TIMESTAMP(6) WHERE name = 'late'").executeUpdate();
        return forgotten;
    }

    /** The days between {@code from} and {@code to} that are not rolled up, or whose rows are incomplete. */
    public TreeSet<LocalDate> missing(LocalDate from, LocalDate to) {
        TreeSet<LocalDate> missing = new TreeSet<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            missing.add(day);
        }
        if (missing.isEmpty()) {
            return missing;
        }
        for (Object row : em.createNativeQuery("SELECT d.day FROM usage_rollup_day d"
                        + " WHERE d.day BETWEEN ?1 AND ?2"
                        + " AND d.type_rows = (SELECT COUNT(*) FROM usage_rollup r WHERE r.day = d.day)")
                .setParameter(1, from)
                .setParameter(2, to)
                .getResultList()) {
            missing.remove(date(row));
        }
        return missing;
    }

    /**
     * Replaces the rollups of the days {@code from} to {@code to} with {@code rows} (the figures of those days computed
     * from the intervals; empty rows are not stored). Upserts in primary-key order, so a second writer of the same days
     * waits for the first and then writes the same values over them.
     */
    public void write(LocalDate from, LocalDate to, List<UsageReport.Day> rows, Map<LocalDate, Map<String, Integer>> endSeats, Instant now) {
        em.createNativeQuery("DELETE FROM usage_rollup WHERE day BETWEEN ?1 AND ?2")
                .setParameter(1, from)
                .setParameter(2, to)
                .executeUpdate();
        List<UsageReport.Day> stored = rows.stream().filter(day -> !day.isEmpty()).sorted(UsageReport.ORDER).toList();
        for (int first = 0; first < stored.size(); first += 500) {
            List<UsageReport.Day> batch = stored.subList(first, Math.min(stored.size(), first + 500));
            StringBuilder sql = new StringBuilder("INSERT INTO usage_rollup (day, license_type, peak_seats, seat_micros, end_seats) VALUES ");
            for (int i = 0; i < batch.size(); i++) {
                int p = i * 5;
                sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?").append(p + 3)
                        .append(", ?").append(p + 4).append(", ?").append(p + 5).append(')');
            }
            sql.append(" ON DUPLICATE KEY UPDATE peak_seats = VALUES(peak_seats), seat_micros = VALUES(seat_micros), end_seats = VALUES(end_seats)");
            Query insert = em.createNativeQuery(sql.toString());
            for (int i = 0; i < batch.size(); i++) {
                UsageReport.Day day = batch.get(i);
                insert.setParameter(i * 5 + 1, day.date())
                        .setParameter(i * 5 + 2, day.licenseType())
                        .setParameter(i * 5 + 3, day.peak())
                        .setParameter(i * 5 + 4, day.seatMicros())
                        .setParameter(i * 5 + 5, endSeats.getOrDefault(day.date(), Map.of()).getOrDefault(day.licenseType(), 0));
            }
            insert.executeUpdate();
        }
        Map<LocalDate, Integer> typeRows = new HashMap<>();
        stored.forEach(day -> typeRows.merge(day.date(), 1, Integer::sum));
        List<LocalDate> days = from.datesUntil(to.plusDays(1)).toList();
        int computedAt = days.size() * 2 + 1;
        StringBuilder sql = new StringBuilder("INSERT INTO usage_rollup_day (day, type_rows, computed_at) VALUES ");
        for (int i = 0; i < days.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?").append(i * 2 + 1).append(", ?").append(i * 2 + 2).append(", ?").append(computedAt).append(')');
        }
        sql.append(" ON DUPLICATE KEY UPDATE type_rows = VALUES(type_rows), computed_at = VALUES(computed_at)");
        Query marker = em.createNativeQuery(sql.toString());
        for (int i = 0; i < days.size(); i++) {
            marker.setParameter(i * 2 + 1, days.get(i)).setParameter(i * 2 + 2, typeRows.getOrDefault(days.get(i), 0));
        }
        marker.setParameter(computedAt, Timestamp.from(now)).executeUpdate();
    }

    private static LocalDate date(Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return (LocalDate) value;
    }
}
