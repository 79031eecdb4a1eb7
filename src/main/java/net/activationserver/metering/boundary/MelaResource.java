package net.activationserver.metering.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import net.activationserver.api.Admins;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.metering.entity.UsageReport;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Path("admin/reports/mela")
@Admins
public class MelaResource {

    public static final String CSV = MelaCsv.TYPE;

    @Inject
    Metering metering;

    @Inject
    SignedReports signedReports;

    @GET
    @Produces({CSV, MediaType.APPLICATION_JSON, "application/jose"})
    @Operation(summary = "MELA report", description = "Usage per license type from the exact seat-holding intervals. period=day (default): one row "
            + "per day (UTC) and type with peak seats in use, time-weighted average seats in use and instance-hours. period=month: one row per "
            + "month and type with the peak seats in use and the instance-hours of the month's days within the range. from and to are "
            + "YYYY-MM-DD, inclusive (YYYY-MM is taken as the month's first day for from and its last day for to); at most 3660 days. Days "
            + "after today are left out; today is counted until now. text/csv (header row) by default; application/json when asked for "
            + "with Accept or format=json. Closed days are read from daily rollups (written by a timer), the rest computed from the intervals: "
            + "the figures are the same.")
    @APIResponse(responseCode = "200", description = "period=day CSV: date,licenseType,peakSeatsInUse,averageSeatsInUse,instanceHours; "
            + "period=month CSV: month,licenseType,peakSeatsInUse,instanceHours. JSON: an array of objects with the same fields.")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST (dates missing or invalid, from after to, range too long, unknown period)")
    @APIResponse(responseCode = "401", description = "ASL_UNAUTHORIZED")
    public Response report(@QueryParam("from") @Parameter(description = "first day, YYYY-MM-DD or YYYY-MM", required = true) String from,
                           @QueryParam("to") @Parameter(description = "last day, YYYY-MM-DD or YYYY-MM", required = true) String to,
                           // The enumeration is the MelaPeriod schema of META-INF/openapi.yaml: an inline @Schema gets every
                           // attribute's default on Payara (exclusiveMaximum: false without a maximum), which OpenAPI 3.0 forbids.
                           @QueryParam("period") @Parameter(description = "day (default) or month",
                                   schema = @Schema(ref = "MelaPeriod")) String period,
                           @QueryParam("format") @Parameter(description = "json or csv; overrides Accept") String format,
                           @QueryParam("signed") @Parameter(description = "true: the report as a JWS signed by the server's report key (application/jose)") String signed,
                           @Context HttpHeaders headers) {
        boolean monthly = monthly(period);
        LocalDate first = date("from", from, false);
        LocalDate last = date("to", to, true);
        boolean json = "json".equalsIgnoreCase(format) || (format == null && prefersJson(headers));
        String name = "mela-" + (monthly ? "monthly-" : "") + first + "-" + last + ".csv";
        if ("true".equalsIgnoreCase(signed)) {
            List<Map<String, Object>> rows = monthly ? metering.monthly(first, last).stream().map(MelaResource::json).toList()
                    : metering.daily(first, last).stream().map(MelaResource::json).toList();
            return Response.ok(signedReports.sign(monthly ? "month" : "day", first, last, rows), "application/jose")
                    .header("Content-Disposition", "attachment; filename=\"" + name.replace(".csv", ".jws") + "\"").build();
        }
        if (signed != null && !"false".equalsIgnoreCase(signed)) {
            throw InvalidRequestException.field("signed", "must be true or false");
        }
        if (monthly) {
            List<UsageReport.Month> months = metering.monthly(first, last);
            if (json) {
                return Response.ok(months.stream().map(MelaResource::json).toList(), MediaType.APPLICATION_JSON_TYPE).build();
            }
            return csv(out -> MelaCsv.monthly(months, out), name);
        }
        List<UsageReport.Day> days = metering.daily(first, last);
        if (json) {
            return Response.ok(days.stream().map(MelaResource::json).toList(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return csv(out -> MelaCsv.daily(days, out), name);
    }

    @GET
    @Path("signing-key")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The report signing key", description = "The public key (Ed25519 JWK) that verifies this server's signed MELA reports "
            + "(signed=true): export it once for the vendor, who checks each report offline with vendor-tool verify-report FILE --server-key JWK. "
            + "The key never changes with the lease keys. Audited.")
    @APIResponse(responseCode = "200", description = "a JWK")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    public Response signingKey(@Context jakarta.ws.rs.core.SecurityContext security) {
        return Response.ok(signedReports.publicKey(net.activationserver.server.entity.Actor.admin(security)), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("rollups")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recompute MELA rollups", description = "Computes the daily rollups of the settled days from..to (YYYY-MM-DD) again from the "
            + "intervals and replaces the stored ones; without from and to, writes the missing ones as the timer does. Days not settled yet (today, and yesterday until asl.metering.rollup-after has passed) "
            + "are always computed live and are skipped. The timer writes missing rollups of the last 400 days by itself; this call is for "
            + "repairs and older gaps. Safe to call on several nodes at once.")
    @APIResponse(responseCode = "200", description = "{\"days\": number of days written, \"settledUntil\": the last settled day}")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "401", description = "ASL_UNAUTHORIZED")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    public Map<String, Object> recompute(@QueryParam("from") @Parameter(description = "first day; without from and to: what the timer does") String from,
                                         @QueryParam("to") @Parameter(description = "last day") String to) {
        Metering.RollupResult result = from == null && to == null ? metering.rollUpMissingNow()
                : metering.recompute(date("from", from, false), date("to", to, true));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("days", result.days().size());
        answer.put("settledUntil", result.settledUntil().toString());
        return answer;
    }

    private interface CsvBody {
        void write(Writer out) throws java.io.IOException;
    }

    private static Response csv(CsvBody body, String fileName) {
        StreamingOutput stream = output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            body.write(writer);
            writer.flush();
        };
        return Response.ok(stream, CSV + ";charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .build();
    }

    private static Map<String, Object> json(UsageReport.Day d) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("date", d.date().toString());
        row.put("licenseType", d.licenseType());
        row.put("peakSeatsInUse", d.peak());
        row.put("averageSeatsInUse", MelaCsv.round(d.average()).doubleValue());
        row.put("instanceHours", MelaCsv.round(d.instanceHours()).doubleValue());
        return row;
    }

    private static Map<String, Object> json(UsageReport.Month m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("month", m.month().toString());
        row.put("licenseType", m.licenseType());
        row.put("peakSeatsInUse", m.peak());
        row.put("instanceHours", MelaCsv.round(m.instanceHours()).doubleValue());
        return row;
    }

    private static boolean monthly(String period) {
        if (period == null || period.isBlank() || "day".equalsIgnoreCase(period.strip())) {
            return false;
        }
        if ("month".equalsIgnoreCase(period.strip())) {
            return true;
        }
        throw InvalidRequestException.field("period", "must be day or month");
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

    /** YYYY-MM-DD, or YYYY-MM meaning the month's first day (or with {@code endOfMonth}, its last day). */
    static LocalDate date(String name, String value, boolean endOfMonth) {
        if (value == null || value.isBlank()) {
            throw InvalidRequestException.field(name, "is required (YYYY-MM-DD)");
        }
        String text = value.strip();
        try {
            if (text.length() == 7) {
                YearMonth month = YearMonth.parse(text);
                return endOfMonth ? month.atEndOfMonth() : month.atDay(1);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.field(name, "must be a date YYYY-MM-DD (or a month YYYY-MM)");
        }
    }
}
