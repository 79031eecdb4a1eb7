package net.activationserver.metering.entity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MELA figures, computed exactly from the intervals during which instances held seats (never from samples).
 * Per day (UTC) and license type: the peak number of seats in use, the time-weighted average, and instance-hours.
 * Intervals are half-open, [start, end): one that ends when another starts does not overlap it.
 */
public final class UsageReport {

    private static final double MICROS_PER_HOUR = 3_600_000_000.0;

    private UsageReport() {
    }

    /** A seat held from {@code start} until {@code end} (null while still held). */
    public record Interval(String licenseType, Instant start, Instant end) {
    }

    /**
     * One row of the report. For today, the average is over the part of the day that has passed.
     * @param average time-weighted average seats in use over the day
     */
    public record Day(LocalDate date, String licenseType, int peak, double average, double instanceHours) {
    }

    /** Rows for every day from {@code from} to {@code to} (inclusive, not after today) and every type seen in the range, by date then type. */
    public static List<Day> daily(List<Interval> intervals, LocalDate from, LocalDate to, Instant now) {
        Instant rangeStart = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant rangeEnd = min(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), now);
        Map<String, TreeMap<Long, Integer>> changes = new TreeMap<>();
        for (Interval interval : intervals) {
            Instant start = max(interval.start(), rangeStart);
            Instant end = min(interval.end() == null ? now : interval.end(), rangeEnd);
            if (!end.isAfter(start)) {
                continue;
            }
            TreeMap<Long, Integer> deltas = changes.computeIfAbsent(interval.licenseType(), type -> new TreeMap<>());
            deltas.merge(micros(start), 1, Integer::sum);
            deltas.merge(micros(end), -1, Integer::sum);
        }
        List<Day> rows = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!dayStart.isBefore(rangeEnd)) {
                break;
            }
            Instant dayEnd = min(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), rangeEnd);
            for (Map.Entry<String, TreeMap<Long, Integer>> type : changes.entrySet()) {
                rows.add(day(day, type.getKey(), type.getValue(), micros(dayStart), micros(dayEnd)));
            }
        }
        return rows;
    }

    private static Day day(LocalDate date, String type, TreeMap<Long, Integer> deltas, long dayStart, long dayEnd) {
        int level = deltas.headMap(dayStart, true).values().stream().mapToInt(Integer::intValue).sum();
        int peak = level;
        long seatMicros = 0;
        long last = dayStart;
        for (Map.Entry<Long, Integer> change : deltas.subMap(dayStart, false, dayEnd, false).entrySet()) {
            seatMicros += level * (change.getKey() - last);
            level += change.getValue();
            peak = Math.max(peak, level);
            last = change.getKey();
        }
        seatMicros += level * (dayEnd - last);
        double average = (double) seatMicros / (dayEnd - dayStart);
        return new Day(date, type, peak, average, seatMicros / MICROS_PER_HOUR);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
