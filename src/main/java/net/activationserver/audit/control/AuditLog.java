package net.activationserver.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.audit.entity.Actor;
import net.activationserver.audit.entity.AuditEvent;
import net.activationserver.server.control.Node;

import java.time.Instant;

/** Writes audit lines inside the caller's transaction: a change and its audit line commit or roll back together. */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    public void record(Instant at, Actor actor, String instanceId, String message) {
        em.persist(new AuditEvent(at, actor, instanceId, message, Node.name()));
    }

    /** The seed's activation line; the count is per license type, after this activation. */
    public static String activating(String licenseType, int currentActivations) {
        return "Activating ASL instance with ASL License " + licenseType + ". Current activations is " + currentActivations;
    }

    /** The seed's first relicense line; the count is of the old type, after the change. */
    public static String licenseChange(String oldLicenseType, int currentActivations) {
        return "ASL Instance license change. Old license was " + oldLicenseType + " and current activations is " + currentActivations;
    }
}
