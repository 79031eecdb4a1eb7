package net.activationserver.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import net.activationserver.activation.boundary.InstanceCatalogue;
import net.activationserver.audit.boundary.Audit;
import net.activationserver.audit.boundary.AuditEntryView;
import net.activationserver.licensing.boundary.LicenseTypeView;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.licensing.boundary.PoolView;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The dashboard: seats per license type and against the global limit, instances by status, the latest audit lines. */
@Named
@ViewScoped
public class DashboardView implements Serializable {

    /** The seed's debug log line when no more appliances can be activated. */
    static final String LIMIT_REACHED = "ASL instance limit already reached. Cannot issue more licenses";

    @Inject
    Licensing licensing;

    @Inject
    InstanceCatalogue catalogue;

    @Inject
    Audit audit;

    private PoolView pool;
    private Map<String, Long> statusCounts;
    private List<AuditEntryView> latest;

    @PostConstruct
    void load() {
        pool = licensing.pool();
        statusCounts = catalogue.countsByStatus();
        latest = audit.audit(null, null, null, null, 10);
    }

    public PoolView getPool() {
        return pool;
    }

    public boolean isLimitReached() {
        return pool.instanceLimit() > 0 && pool.instancesInUse() >= pool.instanceLimit();
    }

    /** 90% of the global limit in use, but not all of it. */
    public boolean isNearLimit() {
        return !isLimitReached() && pool.instanceLimit() > 0 && pool.instancesInUse() * 10L >= pool.instanceLimit() * 9L;
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

    public List<AuditEntryView> getLatest() {
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
