package net.activationserver.admin.console;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import net.activationserver.activation.boundary.InstanceCatalogue;
import net.activationserver.activation.boundary.InstanceView;
import net.activationserver.audit.boundary.AuditEntryView;
import net.activationserver.audit.boundary.DebugEntryView;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;

/**
 * Audit lines as the console shows them: an appliance by its host name and MAC (linked to it on Metered Licensing), not by
 * its instance id, both as "who" and beside a line about it; debug log lines of a request naming an instance likewise.
 */
@Dependent
public class AuditLines implements Serializable {

    @Inject
    InstanceCatalogue catalogue;

    /** An audit line and the appliance it is about, if any ({@code appliance} null otherwise). */
    public record Line(AuditEntryView entry, Appliance appliance) implements Serializable {

        /** Who: an account's name, "system", or "appliance" (named in the Appliance column) when it acted itself. */
        public String who() {
            if ("APPLIANCE".equals(entry.actorKind())) {
                return appliance == null ? "appliance " + entry.actor() : "appliance";
            }
            return entry.actor(); // an account's name, or "system"
        }
    }

    /** An appliance named in an audit line: its host name (may be null) and MAC. */
    public record Appliance(String instanceId, String hostname, String mac) implements Serializable {

        public String name() {
            return hostname == null || hostname.isBlank() ? "(no host name)" : hostname;
        }
    }

    /** A debug log line and the appliance whose instance id its request named (a heartbeat, a relicense), if any. */
    public record DebugLine(DebugEntryView entry, Appliance appliance) implements Serializable {
    }

    /** An instance id in a request line ({@code POST /api/v1/instances/ID/heartbeat}). */
    private static final Pattern INSTANCE_IN_REQUEST = Pattern.compile("/instances/([0-9a-fA-F-]{36})(?:/|$|\\s)");

    public List<DebugLine> debugOf(List<DebugEntryView> entries) {
        List<String> ids = entries.stream().map(e -> instanceIn(e.request())).toList();
        Map<String, InstanceView> instances = catalogue.instances(ids);
        List<DebugLine> lines = new ArrayList<>();
        for (int n = 0; n < entries.size(); n++) {
            InstanceView i = ids.get(n) == null ? null : instances.get(ids.get(n));
            lines.add(new DebugLine(entries.get(n), i == null ? null : new Appliance(i.id(), i.hostname(), i.mac())));
        }
        return lines;
    }

    static String instanceIn(String request) {
        if (request == null) {
            return null;
        }
        Matcher found = INSTANCE_IN_REQUEST.matcher(request);
        return found.find() ? found.group(1) : null;
    }

    public List<Line> of(List<AuditEntryView> entries) {
        Map<String, InstanceView> instances = catalogue.instances(entries.stream().map(AuditEntryView::instanceId).toList());
        return entries.stream().map(e -> {
            InstanceView i = e.instanceId() == null ? null : instances.get(e.instanceId());
            return new Line(e, i == null ? null : new Appliance(i.id(), i.hostname(), i.mac()));
        }).toList();
    }
}
