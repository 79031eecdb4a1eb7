package net.activationserver.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import net.activationserver.server.entity.AslException;
import net.activationserver.metering.boundary.MelaCsv;
import net.activationserver.metering.boundary.Metering;
import net.activationserver.metering.entity.UsageReport;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MELA report tab of Metered Licensing: a date range, a chart of peak and average seats per type per day, the
 * monthly view, and the CSV downloads (the admin API's CSV, served through the console session). Viewers see and
 * download it too: it changes nothing.
 */
@Named
@ViewScoped
public class MelaView implements Serializable {

    /** Line colours per license type, repeated when there are more types. */
    private static final String[] COLOURS = {"#1e6fd9", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#5c940d", "#e67700",
            "#364fc7", "#a61e4d"};

    /** The longest range the console shows (two years); longer ones are refused with a message (the API allows more). */
    static final int MAX_DAYS = 731;
    /** Ranges up to this many days are drawn with a point per day; longer ones with a point per month. */
    static final int DAILY_POINTS_UP_TO = 92;

    @Inject
    Metering metering;

    private List<LocalDate> range;
    private LocalDate from;
    private LocalDate to;
    private List<UsageReport.Day> days = List.of();
    private List<UsageReport.Month> months = List.of();

    @PostConstruct
    void init() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        range = new ArrayList<>(List.of(today.minusDays(29), today));
        show();
    }

    /** Computes the report for the chosen range (one day if only its start was picked). */
    public void show() {
        if (range == null || range.isEmpty() || range.get(0) == null) {
            Messages.error("Pick the first and last day of the report.");
            return;
        }
        LocalDate first = range.get(0);
        LocalDate last = range.size() > 1 && range.get(1) != null ? range.get(1) : first;
        long span = java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1;
        if (span > MAX_DAYS) {
            Messages.error("Days: " + first + " to " + last + " is " + span + " days; the console shows at most two years (" + MAX_DAYS
                    + " days) at once. Pick a shorter range; the report still shows " + (from == null ? "nothing" : from + " to " + to) + ".");
            return;
        }
        try {
            List<UsageReport.Day> computed = metering.daily(first, last);
            from = first;
            to = last;
            days = computed;
            months = UsageReport.monthly(computed);
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
    }

    /** The daily report as the admin API's CSV, for the range picked (computed afresh: the download runs before any action). */
    public StreamedContent getCsv() {
        show();
        StringWriter csv = new StringWriter();
        try {
            MelaCsv.daily(days, csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return download(csv.toString(), "mela-" + from + "-" + to + ".csv");
    }

    /** The monthly view as CSV, for the range picked. */
    public StreamedContent getMonthlyCsv() {
        show();
        StringWriter csv = new StringWriter();
        try {
            MelaCsv.monthly(months, csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return download(csv.toString(), "mela-monthly-" + from + "-" + to + ".csv");
    }

    private static StreamedContent download(String text, String name) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return DefaultStreamedContent.builder()
                .name(name)
                .contentType(MelaCsv.TYPE + ";charset=UTF-8")
                .contentLength((long) bytes.length)
                .stream(() -> new ByteArrayInputStream(bytes))
                .build();
    }

    /** Whether the chart has a point per month (a range longer than {@link #DAILY_POINTS_UP_TO} days) rather than per day. */
    public boolean isMonthlyPoints() {
        return from != null && java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1 > DAILY_POINTS_UP_TO;
    }

    /**
     * A line chart (Chart.js configuration): per type, the peak (solid) and the time-weighted average (dashed), a point
     * per day, or per month for long ranges (the month's highest daily peak, its average over the days in range).
     */
    public String getChart() {
        boolean monthly = isMonthlyPoints();
        List<String> points = new ArrayList<>();
        Map<String, Map<String, long[]>> byType = new LinkedHashMap<>(); // type -> point -> {peak, seat micros, span micros}
        for (UsageReport.Day day : days) {
            String point = monthly ? java.time.YearMonth.from(day.date()).toString() : day.date().toString();
            if (points.isEmpty() || !points.get(points.size() - 1).equals(point)) {
                points.add(point);
            }
            long[] sum = byType.computeIfAbsent(day.licenseType(), t -> new LinkedHashMap<>()).computeIfAbsent(point, p -> new long[3]);
            sum[0] = Math.max(sum[0], day.peak());
            sum[1] += day.seatMicros();
            sum[2] += day.spanMicros();
        }
        JsonArrayBuilder labels = Json.createArrayBuilder();
        points.forEach(labels::add);
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        int n = 0;
        for (Map.Entry<String, Map<String, long[]>> type : byType.entrySet()) {
            String colour = COLOURS[n++ % COLOURS.length];
            JsonArrayBuilder peak = Json.createArrayBuilder();
            JsonArrayBuilder average = Json.createArrayBuilder();
            for (String point : points) {
                long[] sum = type.getValue().getOrDefault(point, new long[3]);
                peak.add(sum[0]);
                average.add(MelaCsv.round(sum[2] == 0 ? 0 : (double) sum[1] / sum[2]));
            }
            datasets.add(line(type.getKey() + " peak", peak, colour).add("stepped", true));
            datasets.add(line(type.getKey() + " average", average, colour).add("borderDash", Json.createArrayBuilder().add(6).add(4)));
        }
        return Json.createObjectBuilder()
                .add("type", "line")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder()
                        .add("animation", false)
                        .add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("plugins", Json.createObjectBuilder()
                                .add("title", Json.createObjectBuilder().add("display", true).add("text", "Seats in use per " + (monthly ? "month" : "day") + " (UTC): peak and average")))
                        .add("scales", Json.createObjectBuilder()
                                .add("x", Json.createObjectBuilder().add("ticks", Json.createObjectBuilder().add("autoSkip", true).add("maxRotation", 0)))
                                .add("y", Json.createObjectBuilder().add("beginAtZero", true).add("title",
                                        Json.createObjectBuilder().add("display", true).add("text", "seats")))))
                .build().toString();
    }

    private static JsonObjectBuilder line(String label, JsonArrayBuilder data, String colour) {
        return Json.createObjectBuilder().add("label", label).add("data", data).add("borderColor", colour).add("backgroundColor", colour)
                .add("borderWidth", 2).add("pointRadius", 2).add("fill", false);
    }

    public boolean isNoUsage() {
        return days.isEmpty();
    }

    public List<UsageReport.Month> getMonths() {
        return months;
    }

    public List<UsageReport.Day> getDays() {
        return days;
    }

    public String hours(double value) {
        return MelaCsv.round(value).toPlainString();
    }

    public LocalDate getFrom() {
        return from;
    }

    public LocalDate getTo() {
        return to;
    }

    public List<LocalDate> getRange() {
        return range;
    }

    public void setRange(List<LocalDate> range) {
        this.range = range;
    }
}
