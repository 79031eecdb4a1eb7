package net.activationserver.admin.console;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import net.activationserver.activation.boundary.InstanceCatalogue;
import net.activationserver.activation.boundary.InstanceView;
import net.activationserver.audit.boundary.AuditEntryView;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Audit lines as the console shows them: an appliance by its host name and MAC (linked to it on Metered Licensing), not by
 * its instance id, both as "who" and beside a line about it.
 */
@Dependent
public class AuditLines implements Serializable {

    @Inject
    InstanceCatalogue catalogue;

    /** An audit line and the appliance it is about, if any ({@code appliance} null otherwise). */
    public record Line(AuditEntryView entry, Appliance appliance) implements Serializable {

        /** Who: an admin's name, "system", or the appliance's host name and MAC when it acted itself. */
        public String who() {
            if ("APPLIANCE".equals(entry.actorKind())) {
                return appliance == null ? "appliance " + entry.actor() : "appliance";
            }
            return entry.actorKind().equals("ADMIN") ? "admin " + entry.actor() : entry.actor();
        }
    }

    /** An appliance named in an audit line: its host name (may be null) and MAC. */
    public record Appliance(String instanceId, String hostname, String mac) implements Serializable {

        public String name() {
            return hostname == null || hostname.isBlank() ? "(no host name)" : hostname;
        }
    }

    public List<Line> of(List<AuditEntryView> entries) {
        Map<String, InstanceView> instances = catalogue.instances(entries.stream().map(AuditEntryView::instanceId).toList());
        return entries.stream().map(e -> {
            InstanceView i = e.instanceId() == null ? null : instances.get(e.instanceId());
            return new Line(e, i == null ? null : new Appliance(i.id(), i.hostname(), i.mac()));
        }).toList();
    }
}
