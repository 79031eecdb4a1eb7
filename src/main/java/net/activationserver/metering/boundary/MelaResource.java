package net.activationserver.metering.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import net.activationserver.api.Admins;
import net.activationserver.api.InvalidRequestException;
import net.activationserver.metering.entity.UsageReport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

@Path("admin/reports/mela")
@Admins
public class MelaResource {

    public static final String CSV = "text/csv";
    private static final String[] HEADER = {"date", "licenseType", "peakSeatsInUse", "averageSeatsInUse", "instanceHours"};

    @Inject
    Metering metering;

    @GET
    @Produces({CSV, MediaType.APPLICATION_JSON})
    @Operation(summary = "MELA report", description = "Usage per day (UTC) and license type from the exact seat-holding intervals: peak seats in use, "
            + "time-weighted average seats in use, instance-hours. from and to are YYYY-MM-DD, inclusive. text/csv (header row) by default; "
            + "application/json when asked for with Accept or format=json.")
    @APIResponse(responseCode = "200", description = "CSV: date,licenseType,peakSeatsInUse,averageSeatsInUse,instanceHours")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST (dates missing or invalid, from after to)")
    @APIResponse(responseCode = "401", description = "ASL_UNAUTHORIZED")
    public Response report(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("format") String format,
                           @Context HttpHeaders headers) throws IOException {
        List<UsageReport.Day> days = metering.daily(date("from", from), date("to", to));
        boolean json = "json".equalsIgnoreCase(format) || (format == null && prefersJson(headers));
        if (json) {
            return Response.ok(days.stream().map(d -> Map.of("date", d.date().toString(), "licenseType", d.licenseType(),
                    "peakSeatsInUse", d.peak(), "averageSeatsInUse", round(d.average()).doubleValue(),
                    "instanceHours", round(d.instanceHours()).doubleValue())).toList(),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(csv)) {
            for (UsageReport.Day d : days) {
                printer.printRecord(d.date(), d.licenseType(), d.peak(), round(d.average()).toPlainString(),
                        round(d.instanceHours()).toPlainString());
            }
        }
        return Response.ok(csv.toString(), CSV)
                .header("Content-Disposition", "attachment; filename=\"mela-" + from + "-" + to + ".csv\"")
                .build();
    }

    private static boolean prefersJson(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isWildcardType()) {
                return false;
            }
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return true;
            }
            if (accepted.isCompatible(MediaType.valueOf(CSV))) {
                return false;
            }
        }
        return false;
    }

    private static BigDecimal round(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw InvalidRequestException.field(name, "is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.field(name, "must be a date YYYY-MM-DD");
        }
    }
}
