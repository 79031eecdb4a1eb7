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

    /** A line chart (Chart.js configuration): per type, the daily peak (solid) and the time-weighted average (dashed). */
    public String getChart() {
        List<LocalDate> dates = new ArrayList<>();
        Map<String, List<UsageReport.Day>> byType = new LinkedHashMap<>();
        for (UsageReport.Day day : days) {
            if (dates.isEmpty() || !dates.get(dates.size() - 1).equals(day.date())) {
                dates.add(day.date());
            }
            byType.computeIfAbsent(day.licenseType(), t -> new ArrayList<>()).add(day);
        }
        JsonArrayBuilder labels = Json.createArrayBuilder();
        dates.forEach(date -> labels.add(date.toString()));
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        int n = 0;
        for (Map.Entry<String, List<UsageReport.Day>> type : byType.entrySet()) {
            String colour = COLOURS[n++ % COLOURS.length];
            JsonArrayBuilder peak = Json.createArrayBuilder();
            JsonArrayBuilder average = Json.createArrayBuilder();
            for (UsageReport.Day day : type.getValue()) {
                peak.add(day.peak());
                average.add(MelaCsv.round(day.average()));
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
                                .add("title", Json.createObjectBuilder().add("display", true).add("text", "Seats in use per day (UTC): peak and average")))
                        .add("scales", Json.createObjectBuilder()
                                .add("y", Json.createObjectBuilder().add("beginAtZero", true).add("title",
                                        Json.createObjectBuilder().add("display", true).add("text", "seats")))))
                .build().toString();
    }

    private static JsonObjectBuilder line(String label, JsonArrayBuilder data, String colour) {
        return Json.createObjectBuilder().add("label", label).add("data", data).add("borderColor", colour).add("backgroundColor", colour)
                .add("borderWidth", 2).add("pointRadius", 0).add("fill", false);
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
