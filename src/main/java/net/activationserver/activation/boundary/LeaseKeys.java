package net.activationserver.activation.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import net.activationserver.activation.control.Leases;
import net.activationserver.activation.control.LockedInstances;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.entity.Actor;

import java.time.Instant;
import java.util.logging.Logger;

/**
 * The lease keys facade: an admin adds a signing key, or retires a compromised one (the key set is published at
 * /api/v1/lease-keys).
 */
@Stateless
@PermitAll
public class LeaseKeys {

    private static final Logger LOG = Logger.getLogger(LeaseKeys.class.getName());

    @Inject
    Leases leases;

    @Inject
    AuditLog audit;

    @RolesAllowed(Roles.ADMIN)
    public String addLeaseKey(Actor admin) {
        Instant now = LockedInstances.now();
        String kid = leases.addKey(now);
        audit.record(now, admin, null, "Lease signing key " + kid + " added by " + admin.name());
        return kid;
    }

    /**
     * Retires a key: it leaves the published set and signs nothing more, on every node within a second; appliances get
     * a lease signed by a published key at their next heartbeat. Retiring the signing key adds a new one first.
     */
    @RolesAllowed(Roles.ADMIN)
    public void retireLeaseKey(String kid, Actor admin) {
        Instant now = LockedInstances.now();
        leases.retire(kid, now).ifPresent(added ->
                audit.record(now, admin, null, "Lease signing key " + added + " added by " + admin.name()));
        audit.record(now, admin, null, "Lease signing key " + kid + " retired by " + admin.name());
        LOG.info(() -> "Lease signing key " + kid + " retired by " + admin.name());
    }
}
