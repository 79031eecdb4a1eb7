package net.activationserver.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import net.activationserver.server.entity.ApplianceAccessChanged;
import net.activationserver.server.entity.NodeForgotten;

/** The audit lines of the server's own admin changes, written in the change's transaction. */
@ApplicationScoped
public class ServerAuditLines {

    @Inject
    AuditLog audit;

    void nodeForgotten(@Observes NodeForgotten event) {
        audit.record(event.at(), event.by(), null, "Server node " + event.name() + " (" + event.address()
                + ") removed from the node list by " + event.by().name());
    }

    void applianceAccessChanged(@Observes ApplianceAccessChanged event) {
        audit.record(event.at(), event.by(), null, "Appliance access set by " + event.by().name() + ": address "
                + shown(event.address()) + ", port " + shown(event.port()) + ", hostname " + shown(event.hostname()));
    }

    private static String shown(Object value) {
        return value == null || value.toString().isEmpty() ? "(none)" : value.toString();
    }
}
