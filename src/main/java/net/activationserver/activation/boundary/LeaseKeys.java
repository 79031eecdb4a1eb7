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

/** The lease keys facade: an admin adds a signing key (the key set is published at /api/v1/lease-keys). */
@Stateless
@PermitAll
public class LeaseKeys {

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
}
