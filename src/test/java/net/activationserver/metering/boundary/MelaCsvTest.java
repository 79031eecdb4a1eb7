package net.activationserver.metering.boundary;

import net.activationserver.metering.entity.UsageReport;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MelaCsvTest {

    private static final long HOUR = UsageReport.MICROS_PER_HOUR;

    @Test
    void dailyRowsWithAHeaderAndFourDecimals() throws Exception {
        StringWriter out = new StringWriter();
        MelaCsv.daily(List.of(
                new UsageReport.Day(LocalDate.parse("2026-01-01"), "VLM-MAX", 3, 14 * HOUR, UsageReport.MICROS_PER_DAY),
                new UsageReport.Day(LocalDate.parse("2026-01-01"), "VLM \"5000G\", test", 0, 0, UsageReport.MICROS_PER_DAY),
                new UsageReport.Day(LocalDate.parse("2026-01-02"), "VLM-MAX", 1, 6 * HOUR + 1, 6 * HOUR)), out);
        out.close();
        assertEquals("date,licenseType,peakSeatsInUse,averageSeatsInUse,instanceHours\r\n"
                + "2026-01-01,VLM-MAX,3,0.5833,14\r\n"
                + "2026-01-01,\"VLM \"\"5000G\"\", test\",0,0,0\r\n"
                + "2026-01-02,VLM-MAX,1,1,6\r\n", out.toString());
    }

    @Test
    void monthlyRows() throws Exception {
        StringWriter out = new StringWriter();
        MelaCsv.monthly(List.of(new UsageReport.Month(YearMonth.parse("2026-02"), "VLM-MAX", 12, 8 * 24 * HOUR + HOUR / 2)), out);
        assertEquals("month,licenseType,peakSeatsInUse,instanceHours\r\n2026-02,VLM-MAX,12,192.5\r\n", out.toString());
    }
}
