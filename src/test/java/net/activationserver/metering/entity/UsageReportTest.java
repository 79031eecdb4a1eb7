package net.activationserver.metering.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageReportTest {

    private static final LocalDate D1 = LocalDate.parse("2026-01-01");
    private static final LocalDate D3 = LocalDate.parse("2026-01-03");

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    private static UsageReport.Day row(List<UsageReport.Day> rows, String date, String type) {
        return rows.stream().filter(r -> r.date().toString().equals(date) && r.licenseType().equals(type)).findFirst().orElseThrow();
    }

    private static void assertDay(UsageReport.Day day, int peak, double average, double hours) {
        assertEquals(peak, day.peak(), day.toString());
        assertEquals(average, day.average(), 1e-9, day.toString());
        assertEquals(hours, day.instanceHours(), 1e-9, day.toString());
    }

    @Test
    void theSeatsHeldAtAnInstantCountWhatBeganBeforeAndHadNotEnded() {
        Instant midnight = UsageReport.startOf(D3);
        List<UsageReport.Interval> intervals = List.of(
                new UsageReport.Interval("A", midnight.minusSeconds(60), null),                      // open
                new UsageReport.Interval("A", midnight.minusSeconds(60), midnight),                  // ends exactly then: held until then
                new UsageReport.Interval("A", midnight.minusSeconds(60), midnight.minusNanos(1000)), // ended before
                new UsageReport.Interval("B", midnight, null),                                       // begins then: not before
                new UsageReport.Interval("B", midnight.minusSeconds(1), midnight.plusSeconds(1), 3)); // three seats
        assertEquals(Map.of("A", 2, "B", 3), UsageReport.heldAt(intervals, midnight));
        assertEquals(Map.of(), UsageReport.heldAt(List.of(), midnight));
    }

    @Test
    void exactFiguresFromKnownIntervals() {
        List<UsageReport.Interval> intervals = List.of(
                // crosses midnight
                new UsageReport.Interval("VLM-MAX", at("2026-01-01T22:00:00Z"), at("2026-01-02T02:00:00Z")),
                // relicensed at noon: VLM-MAX until 12:00, then VLM-5000G until deregistered the next noon
                new UsageReport.Interval("VLM-MAX", at("2026-01-01T00:00:00Z"), at("2026-01-01T12:00:00Z")),
                new UsageReport.Interval("VLM-5000G", at("2026-01-01T12:00:00Z"), at("2026-01-02T12:00:00Z")),
                // still active now (open interval)
                new UsageReport.Interval("VLM-5000G", at("2026-01-02T06:00:00Z"), null));
        List<UsageReport.Day> rows = UsageReport.daily(intervals, D1, D3, at("2026-01-03T06:00:00Z"));

        assertEquals(6, rows.size(), "3 days x 2 types: " + rows);
        assertDay(row(rows, "2026-01-01", "VLM-MAX"), 1, 14.0 / 24, 14);
        assertDay(row(rows, "2026-01-01", "VLM-5000G"), 1, 0.5, 12);
        assertDay(row(rows, "2026-01-02", "VLM-MAX"), 1, 2.0 / 24, 2);
        assertDay(row(rows, "2026-01-02", "VLM-5000G"), 2, 30.0 / 24, 30);
        assertDay(row(rows, "2026-01-03", "VLM-MAX"), 0, 0, 0);
        assertDay(row(rows, "2026-01-03", "VLM-5000G"), 1, 1.0, 6);
    }

    @Test
    void anIntervalEndingWhenAnotherStartsIsNoOverlap() {
        List<UsageReport.Day> rows = UsageReport.daily(List.of(
                new UsageReport.Interval("T", at("2026-01-01T10:00:00Z"), at("2026-01-01T11:00:00Z")),
                new UsageReport.Interval("T", at("2026-01-01T11:00:00Z"), at("2026-01-01T13:00:00Z"))), D1, D1, at("2026-02-01T00:00:00Z"));
        assertDay(rows.get(0), 1, 3.0 / 24, 3);
    }

    @Test
    void aReleaseByExpiryEndsTheIntervalAtTheRelease() {
        // held from 08:00, last heartbeat 09:00, released by the sweep at 18:30: the seat was held until 18:30
        List<UsageReport.Day> rows = UsageReport.daily(List.of(
                new UsageReport.Interval("T", at("2026-01-01T08:00:00Z"), at("2026-01-01T18:30:00Z"))), D1, D1, at("2026-02-01T00:00:00Z"));
        assertDay(rows.get(0), 1, 10.5 / 24, 10.5);
    }

    @Test
    void intervalsStartingBeforeTheRangeCountFromItsStartAndFutureDaysAreLeftOut() {
        List<UsageReport.Day> rows = UsageReport.daily(List.of(
                new UsageReport.Interval("T", at("2025-12-01T00:00:00Z"), null),
                new UsageReport.Interval("T", at("2025-12-15T00:00:00Z"), null)), D1, LocalDate.parse("2026-01-10"), at("2026-01-02T12:00:00Z"));
        assertEquals(2, rows.size(), "days after today are not reported: " + rows);
        assertDay(rows.get(0), 2, 2, 48);
        assertDay(rows.get(1), 2, 2, 24);
    }

    @Test
    void noIntervalsNoRows() {
        assertTrue(UsageReport.daily(List.of(), D1, D3, at("2026-02-01T00:00:00Z")).isEmpty());
    }

    /** The rows of the days {@code from}..{@code to} as Metering computes them for a window: what UsageLog.during selects. */
    private static List<UsageReport.Day> window(List<UsageReport.Interval> all, LocalDate from, LocalDate to, Instant now) {
        Instant start = UsageReport.startOf(from);
        Instant end = UsageReport.startOf(to.plusDays(1));
        end = end.isAfter(now) ? now : end;
        Map<String, Integer> spanning = new TreeMap<>();
        List<UsageReport.Interval> selected = new ArrayList<>();
        for (UsageReport.Interval i : all) {
            boolean startsInside = !i.start().isBefore(start) && i.start().isBefore(end);
            boolean endsInside = i.end() != null && i.end().isAfter(start) && i.end().isBefore(end) && i.start().isBefore(start);
            boolean spans = i.start().isBefore(start) && (i.end() == null || !i.end().isBefore(end));
            if (startsInside || endsInside) {
                selected.add(i);
            } else if (spans) {
                spanning.merge(i.licenseType(), 1, Integer::sum);
            }
        }
        Instant windowStart = start;
        spanning.forEach((type, count) -> selected.add(new UsageReport.Interval(type, windowStart, null, count)));
        return UsageReport.daily(selected, from, to, now);
    }

    /** A month of random activity over three types: relicenses, releases, instances still holding their seat. */
    private static List<UsageReport.Interval> randomIntervals(long seed) {
        Random random = new Random(seed);
        List<String> types = List.of("VLM-200", "VLM-5000G", "VLM-MAX");
        Instant first = at("2025-12-20T00:00:00Z");
        List<UsageReport.Interval> intervals = new ArrayList<>();
        for (int instance = 0; instance < 300; instance++) {
            Instant start = first.plusSeconds(random.nextInt(45 * 86400)).plusNanos(random.nextInt(1_000_000) * 1000L);
            String type = types.get(random.nextInt(types.size()));
            for (int piece = 0; piece < 1 + random.nextInt(3); piece++) {
                Instant end = random.nextInt(5) == 0 ? null : start.plus(Duration.ofMinutes(1 + random.nextInt(6 * 24 * 60)));
                intervals.add(new UsageReport.Interval(type, start, end));
                if (end == null) {
                    break;
                }
                start = end; // a relicense: the next type starts when the last one ends
                type = types.get(random.nextInt(types.size()));
            }
        }
        return intervals;
    }

    @Test
    void rowsComputedPiecewiseAndAssembledAreExactlyTheWholeComputation() {
        Instant now = at("2026-01-31T15:27:03.123456Z");
        LocalDate from = LocalDate.parse("2025-12-25");
        LocalDate to = LocalDate.parse("2026-02-10");
        for (long seed = 1; seed <= 20; seed++) {
            List<UsageReport.Interval> intervals = randomIntervals(seed);
            List<UsageReport.Day> whole = UsageReport.daily(intervals, from, to, now);
            assertEquals(38 * 3, whole.size(), "every type on every day until today");

            List<UsageReport.Day> pieces = new ArrayList<>();
            // closed days one by one as the rollups hold them, a run of missing days at once, today live
            for (LocalDate day = from; day.isBefore(LocalDate.parse("2026-01-10")); day = day.plusDays(1)) {
                for (UsageReport.Day row : window(intervals, day, day, now)) {
                    // stored as (day, type, peak, seat-microseconds) and read back as a whole day
                    pieces.add(new UsageReport.Day(row.date(), row.licenseType(), row.peak(), row.seatMicros(), UsageReport.MICROS_PER_DAY));
                }
            }
            pieces.addAll(window(intervals, LocalDate.parse("2026-01-10"), LocalDate.parse("2026-01-29"), now));
            pieces.addAll(window(intervals, LocalDate.parse("2026-01-30"), to, now));
            assertEquals(whole, UsageReport.assemble(pieces, from, to, now), "seed " + seed);
        }
    }

    @Test
    void assembleFillsZeroRowsForTypesUnusedOnADayAndStopsAtToday() {
        Instant now = at("2026-01-03T06:00:00Z");
        List<UsageReport.Day> rows = UsageReport.assemble(List.of(
                new UsageReport.Day(D1, "B", 1, 3_600_000_000L, UsageReport.MICROS_PER_DAY),
                new UsageReport.Day(D3, "A", 2, 7_200_000_000L, 6 * UsageReport.MICROS_PER_HOUR),
                new UsageReport.Day(D3, "C", 0, 0, 6 * UsageReport.MICROS_PER_HOUR)), D1, LocalDate.parse("2026-01-05"), now);
        assertEquals(List.of(
                new UsageReport.Day(D1, "A", 0, 0, UsageReport.MICROS_PER_DAY),
                new UsageReport.Day(D1, "B", 1, 3_600_000_000L, UsageReport.MICROS_PER_DAY),
                new UsageReport.Day(D1.plusDays(1), "A", 0, 0, UsageReport.MICROS_PER_DAY),
                new UsageReport.Day(D1.plusDays(1), "B", 0, 0, UsageReport.MICROS_PER_DAY),
                new UsageReport.Day(D3, "A", 2, 7_200_000_000L, 6 * UsageReport.MICROS_PER_HOUR),
                new UsageReport.Day(D3, "B", 0, 0, 6 * UsageReport.MICROS_PER_HOUR)), rows, "type C was never used: no rows");
        assertEquals(2.0 / 6, rows.get(4).average(), 1e-12, "today's average is over the six hours that have passed");
    }

    @Test
    void monthlyFiguresAreTheHighestDailyPeakAndTheSumOfInstanceHours() {
        List<UsageReport.Interval> intervals = List.of(
                // three seats on 31 January 23:00 to 1 February 01:00 (two in January's last hour, plus one crossing)
                new UsageReport.Interval("VLM-MAX", at("2026-01-31T23:00:00Z"), at("2026-02-01T01:00:00Z")),
                new UsageReport.Interval("VLM-MAX", at("2026-01-31T23:30:00Z"), at("2026-02-01T00:00:00Z")),
                new UsageReport.Interval("VLM-MAX", at("2026-01-31T23:45:00Z"), at("2026-02-01T00:30:00Z")),
                // one seat all of January 10th, relicensed to VLM-5000G at noon on 20 February, still held
                new UsageReport.Interval("VLM-MAX", at("2026-01-10T00:00:00Z"), at("2026-01-11T00:00:00Z")),
                new UsageReport.Interval("VLM-MAX", at("2026-02-10T00:00:00Z"), at("2026-02-20T12:00:00Z")),
                new UsageReport.Interval("VLM-5000G", at("2026-02-20T12:00:00Z"), null));
        Instant now = at("2026-03-02T06:00:00Z");
        List<UsageReport.Month> months = UsageReport.monthly(UsageReport.daily(intervals, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-03-31"), now));

        assertEquals(6, months.size(), "3 months x 2 types: " + months);
        assertMonth(months.get(0), "2026-01", "VLM-5000G", 0, 0);
        assertMonth(months.get(1), "2026-01", "VLM-MAX", 3, 24 + 1 + 0.5 + 0.25);
        assertMonth(months.get(2), "2026-02", "VLM-5000G", 1, 8 * 24 + 12);
        assertMonth(months.get(3), "2026-02", "VLM-MAX", 2, 1 + 0.5 + 10.5 * 24);
        assertMonth(months.get(4), "2026-03", "VLM-5000G", 1, 24 + 6);
        assertMonth(months.get(5), "2026-03", "VLM-MAX", 0, 0);
    }

    private static void assertMonth(UsageReport.Month month, String yearMonth, String type, int peak, double hours) {
        assertEquals(YearMonth.parse(yearMonth), month.month(), month.toString());
        assertEquals(type, month.licenseType(), month.toString());
        assertEquals(peak, month.peak(), month.toString());
        assertEquals(hours, month.instanceHours(), 1e-9, month.toString());
    }

    @Test
    void runsSplitMissingDaysIntoConsecutiveBoundedWindows() {
        List<LocalDate> days = new ArrayList<>();
        LocalDate.parse("2026-01-01").datesUntil(LocalDate.parse("2026-01-06")).forEach(days::add);
        days.add(LocalDate.parse("2026-01-09"));
        List<String> runs = UsageReport.runs(days, 3).stream().map(r -> r[0] + ".." + r[1]).toList();
        assertEquals(List.of("2026-01-01..2026-01-03", "2026-01-04..2026-01-05", "2026-01-09..2026-01-09"), runs);
    }
}
