package net.activationserver.metering.entity;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The MELA figures, computed exactly from the intervals during which instances held seats (never from samples).
 * Per day (UTC) and license type: the peak number of seats in use, the time-weighted average, and instance-hours.
 * Intervals are half-open, [start, end): one that ends when another starts does not overlap it.
 * Seat-time is kept in whole microseconds (the intervals' resolution), so a day's figures are the same whether they
 * were computed just now or read back from a stored daily rollup.
 */
public final class UsageReport {

    public static final long MICROS_PER_HOUR = 3_600_000_000L;
    public static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    /** Rows sorted as the report lists them: by date, then license type. */
    public static final Comparator<Day> ORDER = Comparator.comparing(Day::date).thenComparing(Day::licenseType);

    private UsageReport() {
    }

    /**
     * {@code seats} seats held from {@code start} until {@code end} (null while still held). More than one seat stands
     * for that many intervals with the same type and times (the database counts long-running ones instead of listing them).
     */
    public record Interval(String licenseType, Instant start, Instant end, int seats) {

        public Interval(String licenseType, Instant start, Instant end) {
            this(licenseType, start, end, 1);
        }
    }

    /**
     * One row of the report.
     * @param seatMicros seat-microseconds held during the day (instance-hours times 3.6e9)
     * @param spanMicros the length of the day that has passed: a whole day, or for today the part until now
     */
    public record Day(LocalDate date, String licenseType, int peak, long seatMicros, long spanMicros) implements Serializable {

        /** Time-weighted average seats in use over the day (for today, over the part that has passed). */
        public double average() {
            return spanMicros == 0 ? 0 : (double) seatMicros / spanMicros;
        }

        public double instanceHours() {
            return (double) seatMicros / MICROS_PER_HOUR;
        }

        /** No seat of the type was held at any moment of the day. */
        public boolean isEmpty() {
            return peak == 0 && seatMicros == 0;
        }
    }

    /** One row of the monthly view: the highest daily peak of the month (the month's peak) and the instance-hours. */
    public record Month(YearMonth month, String licenseType, int peak, long seatMicros) implements Serializable {

        public double instanceHours() {
            return (double) seatMicros / MICROS_PER_HOUR;
        }
    }

    /**
     * The seats of each type held at {@code at}: intervals begun before it and not ended before it (one ending exactly
     * then still counts, as the last microsecond before it was held). Types holding none are left out.
     */
    public static Map<String, Integer> heldAt(List<Interval> intervals, Instant at) {
        Map<String, Integer> held = new TreeMap<>();
        for (Interval interval : intervals) {
            if (interval.start().isBefore(at) && (interval.end() == null || !interval.end().isBefore(at)) && interval.seats() > 0) {
                held.merge(interval.licenseType(), interval.seats(), Integer::sum);
            }
        }
        return held;
    }

    /** Rows for every day from {@code from} to {@code to} (inclusive, not after today) and every type seen in the range, by date then type. */
    public static List<Day> daily(List<Interval> intervals, LocalDate from, LocalDate to, Instant now) {
        Instant rangeStart = startOf(from);
        Instant rangeEnd = min(startOf(to.plusDays(1)), now);
        Map<String, TreeMap<Long, Integer>> changes = new TreeMap<>();
        for (Interval interval : intervals) {
            Instant start = max(interval.start(), rangeStart);
            Instant end = min(interval.end() == null ? now : interval.end(), rangeEnd);
            if (!end.isAfter(start) || interval.seats() <= 0) {
                continue;
            }
            TreeMap<Long, Integer> deltas = changes.computeIfAbsent(interval.licenseType(), type -> new TreeMap<>());
            deltas.merge(micros(start), interval.seats(), Integer::sum);
            deltas.merge(micros(end), -interval.seats(), Integer::sum);
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to) && startOf(day).isBefore(rangeEnd); day = day.plusDays(1)) {
            days.add(day);
        }
        Day[][] figures = new Day[days.size()][];
        for (int d = 0; d < days.size(); d++) {
            figures[d] = new Day[changes.size()];
        }
        int t = 0;
        for (Map.Entry<String, TreeMap<Long, Integer>> type : changes.entrySet()) {
            // one pass over the type's changes for all days: a change at a day's start belongs to that day
            Iterator<Map.Entry<Long, Integer>> next = type.getValue().entrySet().iterator();
            Map.Entry<Long, Integer> change = next.hasNext() ? next.next() : null;
            int level = 0;
            for (int d = 0; d < days.size(); d++) {
                long dayStart = micros(startOf(days.get(d)));
                long dayEnd = micros(min(startOf(days.get(d).plusDays(1)), rangeEnd));
                while (change != null && change.getKey() <= dayStart) {
                    level += change.getValue();
                    change = next.hasNext() ? next.next() : null;
                }
                int peak = level;
                long seatMicros = 0;
                long last = dayStart;
                while (change != null && change.getKey() < dayEnd) {
                    seatMicros += level * (change.getKey() - last);
                    level += change.getValue();
                    peak = Math.max(peak, level);
                    last = change.getKey();
                    change = next.hasNext() ? next.next() : null;
                }
                seatMicros += level * (dayEnd - last);
                figures[d][t] = new Day(days.get(d), type.getKey(), peak, seatMicros, dayEnd - dayStart);
            }
            t++;
        }
        List<Day> rows = new ArrayList<>(days.size() * changes.size());
        for (Day[] day : figures) {
            rows.addAll(List.of(day));
        }
        return rows;
    }

    /**
     * The report from rows computed piecewise (stored rollups of some days, live figures of others): every day from
     * {@code from} to {@code to} that has begun by {@code now}, for every type with a non-empty row anywhere in the
     * range; a type without a row on a day gets a zero row there. Gives exactly what {@link #daily} gives for the
     * whole range at once.
     */
    public static List<Day> assemble(Collection<Day> pieces, LocalDate from, LocalDate to, Instant now) {
        Map<LocalDate, Map<String, Day>> byDay = new HashMap<>();
        TreeSet<String> types = new TreeSet<>();
        for (Day day : pieces) {
            if (!day.isEmpty() && !day.date().isBefore(from) && !day.date().isAfter(to)) {
                byDay.computeIfAbsent(day.date(), d -> new HashMap<>()).put(day.licenseType(), day);
                types.add(day.licenseType());
            }
        }
        List<Day> rows = new ArrayList<>();
        long nowMicros = micros(now);
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            long dayStart = micros(startOf(date));
            if (dayStart >= nowMicros) {
                break;
            }
            long span = Math.min(dayStart + MICROS_PER_DAY, nowMicros) - dayStart;
            Map<String, Day> found = byDay.getOrDefault(date, Map.of());
            for (String type : types) {
                Day day = found.get(type);
                rows.add(day != null ? day : new Day(date, type, 0, 0, span));
            }
        }
        return rows;
    }

    /** The monthly view of daily rows: per month and type, the highest peak and the sum of seat-time, by month then type. */
    public static List<Month> monthly(List<Day> days) {
        Map<YearMonth, Map<String, long[]>> months = new TreeMap<>();
        for (Day day : days) {
            long[] figures = months.computeIfAbsent(YearMonth.from(day.date()), m -> new TreeMap<>())
                    .computeIfAbsent(day.licenseType(), t -> new long[2]);
            figures[0] = Math.max(figures[0], day.peak());
            figures[1] += day.seatMicros();
        }
        List<Month> rows = new ArrayList<>();
        months.forEach((month, types) -> types.forEach((type, figures) -> rows.add(new Month(month, type, (int) figures[0], figures[1]))));
        return rows;
    }

    /** Splits days into runs of consecutive days (sorted), each at most {@code maxDays} long. */
    public static List<LocalDate[]> runs(Collection<LocalDate> days, int maxDays) {
        List<LocalDate[]> runs = new ArrayList<>();
        LocalDate first = null;
        LocalDate last = null;
        for (LocalDate day : new TreeSet<>(days)) {
            if (first != null && day.equals(last.plusDays(1)) && last.toEpochDay() - first.toEpochDay() + 1 < maxDays) {
                last = day;
                continue;
            }
            if (first != null) {
                runs.add(new LocalDate[]{first, last});
            }
            first = day;
            last = day;
        }
        if (first != null) {
            runs.add(new LocalDate[]{first, last});
        }
        return runs;
    }

    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
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
