package net.activationserver.metering.entity;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

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
}
