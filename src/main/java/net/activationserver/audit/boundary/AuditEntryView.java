package net.activationserver.audit.boundary;

import net.activationserver.audit.entity.AuditEvent;

public record AuditEntryView(long id, String at, String actorKind, String actor, String node, String instanceId, String message) {
    public static AuditEntryView of(AuditEvent e) {
        return new AuditEntryView(e.id(), e.at().toString(), e.actorKind().name(), e.actor(), e.node(), e.instanceId(), e.message());
    }
}
