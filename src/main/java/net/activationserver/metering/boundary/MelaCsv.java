package net.activationserver.metering.boundary;

import net.activationserver.metering.entity.UsageReport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The MELA report as CSV (Commons CSV, header row), the same for the admin API and the console's download. */
public final class MelaCsv {

    public static final String TYPE = "text/csv";
    static final String[] DAILY = {"date", "licenseType", "peakSeatsInUse", "averageSeatsInUse", "instanceHours"};
    static final String[] MONTHLY = {"month", "licenseType", "peakSeatsInUse", "instanceHours"};

    private MelaCsv() {
    }

    public static void daily(List<UsageReport.Day> days, Appendable out) throws IOException {
        CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(DAILY).get().print(out);
        for (UsageReport.Day d : days) {
            printer.printRecord(d.date(), d.licenseType(), d.peak(), round(d.average()).toPlainString(), round(d.instanceHours()).toPlainString());
        }
        printer.flush(); // not closed: the caller owns the stream
    }

    public static void monthly(List<UsageReport.Month> months, Appendable out) throws IOException {
        CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(MONTHLY).get().print(out);
        for (UsageReport.Month m : months) {
            printer.printRecord(m.month(), m.licenseType(), m.peak(), round(m.instanceHours()).toPlainString());
        }
        printer.flush(); // not closed: the caller owns the stream
    }

    /** Four decimals, half up, no trailing zeros (as the report shows figures). */
    public static BigDecimal round(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
