package net.activationserver.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import net.activationserver.activation.boundary.InstanceCatalogue;
import net.activationserver.audit.boundary.Audit;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.licensing.boundary.LicenseTypeView;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.licensing.boundary.PoolView;
import net.activationserver.server.boundary.ServerSettings;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: seats per license type and against the global limit, instances by status, the latest audit lines, and
 * banners (a type or the instance limit at the alert threshold or full, appliances STALE); the page reloads its data
 * every few seconds.
 */
@Named
@ViewScoped
public class DashboardView implements Serializable {

    /** The seed's debug log line when no more appliances can be activated. */
    static final String LIMIT_REACHED = "ASL instance limit already reached. Cannot issue more licenses";
    /** STALE instances from this share (in percent) of those holding a seat get a banner, even while others are ACTIVE. */
    static final int MANY_STALE_PERCENT = 25;

    @Inject
    Licensing licensing;

    @Inject
    InstanceCatalogue catalogue;

    @Inject
    Audit audit;

    @Inject
    AuditLines lines;

    @Inject
    ServerSettings settings;

    private PoolView pool;
    private int thresholdPercent;
    private Map<String, Long> statusCounts;
    private List<AuditLines.Line> latest;
    private Instant loadedAt;
    private final Instant openedAt = Instant.now();

    /** How long the page refreshes itself after it was opened: the session's idle timeout (web.xml), so a console left open signs out. */
    static final java.time.Duration POLLING = java.time.Duration.ofMinutes(30);

    @PostConstruct
    public void load() {
        pool = licensing.pool();
        thresholdPercent = settings.alertThresholdPercent();
        statusCounts = catalogue.countsByStatus();
        latest = lines.of(audit.audit(null, null, null, null, 10));
        loadedAt = Instant.now();
    }

    /** The types at or above the alert threshold, full ones first. */
    public List<PoolView.TypeAlert> getTypeAlerts() {
        return pool.alerts(thresholdPercent);
    }

    public int getThresholdPercent() {
        return thresholdPercent;
    }

    private long count(InstanceStatus status) {
        return statusCounts.getOrDefault(status.name(), 0L);
    }

    /** Every instance holding a seat is STALE: none has sent a heartbeat within the timeout. */
    public boolean isAllStale() {
        return count(InstanceStatus.ACTIVE) == 0 && count(InstanceStatus.STALE) > 0;
    }

    /** Not all, but {@link #MANY_STALE_PERCENT} or more of the instances holding a seat are STALE (at least two). */
    public boolean isManyStale() {
        long stale = count(InstanceStatus.STALE);
        long holding = stale + count(InstanceStatus.ACTIVE);
        return !isAllStale() && stale >= 2 && stale * 100 >= holding * MANY_STALE_PERCENT;
    }

    public long getStaleCount() {
        return count(InstanceStatus.STALE);
    }

    public long getHoldingCount() {
        return count(InstanceStatus.STALE) + count(InstanceStatus.ACTIVE);
    }

    /** The poll: new figures, and after {@link #POLLING} the word to stop polling. */
    public void refresh() {
        load();
        if (isPollingOver()) {
            org.primefaces.PrimeFaces.current().ajax().addCallbackParam("pollingOver", true);
        }
    }

    public boolean isPollingOver() {
        return Instant.now().isAfter(openedAt.plus(POLLING));
    }

    /** When the figures were read (UTC), shown under the banners; the page polls for new ones. */
    public String getLoadedAt() {
        return DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(loadedAt);
    }

    public PoolView getPool() {
        return pool;
    }

    public boolean isLimitReached() {
        return pool.limitReached();
    }

    /** The alert threshold of the global limit in use, but not all of it. */
    public boolean isNearLimit() {
        return pool.nearLimit(thresholdPercent);
    }

    public String getLimitReachedMessage() {
        return LIMIT_REACHED;
    }

    public int getPercentUsed() {
        return pool.instanceLimit() == 0 ? 0 : (int) Math.min(100, pool.instancesInUse() * 100L / pool.instanceLimit());
    }

    public List<Map.Entry<String, Long>> getStatusCounts() {
        return List.copyOf(statusCounts.entrySet());
    }

    public List<AuditLines.Line> getLatest() {
        return latest;
    }

    /** A stacked bar chart (Chart.js configuration) of used and free seats per type, the global limit as the last bar. */
    public String getSeatsChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder used = Json.createArrayBuilder();
        JsonArrayBuilder free = Json.createArrayBuilder();
        for (LicenseTypeView type : pool.types()) {
            labels.add(type.code());
            used.add(type.used());
            free.add(Math.max(0, type.seats() - type.used()));
        }
        labels.add("All types (instance limit)");
        used.add(pool.instancesInUse());
        free.add(Math.max(0, pool.instanceLimit() - pool.instancesInUse()));
        return Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder()
                        .add("labels", labels)
                        .add("datasets", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("label", "Used").add("data", used).add("backgroundColor", "#1e6fd9"))
                                .add(Json.createObjectBuilder().add("label", "Free").add("data", free).add("backgroundColor", "#9ad29a"))))
                .add("options", Json.createObjectBuilder()
                        .add("animation", false)
                        .add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("scales", Json.createObjectBuilder()
                                .add("x", Json.createObjectBuilder().add("stacked", true))
                                .add("y", Json.createObjectBuilder().add("stacked", true).add("beginAtZero", true)
                                        .add("ticks", Json.createObjectBuilder().add("precision", 0)))))
                .build().toString();
    }
}
