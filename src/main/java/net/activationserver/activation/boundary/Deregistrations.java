package net.activationserver.activation.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.activation.control.Staleness;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import net.activationserver.activation.control.LockedInstances;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.licensing.control.Pool;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.InstanceEnded;
import net.activationserver.server.entity.Notice;

import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/** The deregistration facade: an appliance's own "Kill LoadMaster", and deregistration by an admin. The seat is freed at once. */
@Stateless
@PermitAll
public class Deregistrations {

    private static final Logger LOG = Logger.getLogger(Deregistrations.class.getName());

    @Inject
    LockedInstances instances;

    @Inject
    Staleness staleness;

    @Inject
    Pool pool;

    @Inject
    Event<InstanceEnded> ended;

    @Inject
    Event<Notice> notices;

    @Inject
    AuditLog audit;

    @jakarta.persistence.PersistenceContext(unitName = "asl")
    jakarta.persistence.EntityManager em;

    @Inject
    Licensing licensing;

    /** The appliance's own "Kill LoadMaster". */
    public void kill(String instanceId, String token) {
        Instant now = LockedInstances.now();
        Instance instance = instances.authorized(instanceId, token);
        end(instance, InstanceStatus.DEREGISTERED, Actor.appliance(instance.id()), "deregistered by the appliance (Kill LoadMaster)", now);
    }

    /** Deregistration from the server side; the appliance gets 410 at its next call. */
    @RolesAllowed(Roles.ADMIN)
    public void deregister(String instanceId, Actor admin) {
        Instant now = LockedInstances.now();
        Instance instance = instances.find(instanceId);
        if (!instance.status().holdsSeat()) {
            return; // deregistered or released already: deregistering it again changes nothing
        }
        end(instance, InstanceStatus.DEREGISTERED, admin, "deregistered by " + admin.name(), now);
    }

    private void end(Instance instance, InstanceStatus status, Actor actor, String how, Instant now) {
        instance.requireSeat();
        if (instance.status() == InstanceStatus.STALE) {
            staleness.settle(instance.id(), now); // its "expired" line before this one
        }
        String type = instance.licenseType();
        instance.end(status, now);
        licensing.withdrawContributionsOf(List.of(instance.id()), "the instance was " + how, now);
        int current = pool.release(instance.id(), type);
        ended.fire(new InstanceEnded(now, instance.id(), type));
        notices.fire(Notice.about(actor.kind() == Actor.Kind.APPLIANCE ? Notice.Type.INSTANCE_KILLED : Notice.Type.INSTANCE_DEREGISTERED, now,
                instance.id(), instance.hostname(), instance.mac(), java.util.Map.of("licenseType", type, "by", actor.name())));
        audit.record(now, actor, instance.id(), "ASL instance with ASL License " + type + " (" + (instance.hostname() == null ? "" : instance.hostname() + ", ")
                + "MAC " + instance.mac() + ") " + how + ". Current activations is " + current);
        LOG.info(() -> "Instance " + instance.id() + " (MAC " + instance.mac() + ") " + how);
    }

    /** Which instances a bulk deregistration takes: each filter optional, all of them together. */
    public record Filter(Long networkId, String licenseType, InstanceStatus status, java.time.Duration silentFor) {
        public boolean empty() {
            return networkId == null && licenseType == null && status == null && silentFor == null;
        }
    }

    /** How many a bulk deregistration matched, and deregistered (0 in a dry run). */
    public record Bulk(int matched, int deregistered, List<String> instanceIds) {
    }

    /** At most this many instances per bulk call; the caller calls again for the rest. */
    public static final int BULK_MAX = 1_000;

    /**
     * Deregisters, as an admin would one by one, the instances holding a seat that match the filter (for scale-in hooks:
     * a network, a type, ACTIVE or STALE, silent for longer than a duration); a dry run only counts them.
     */
    @RolesAllowed(Roles.ADMIN)
    public Bulk deregisterAll(Filter filter, boolean dryRun, Actor admin) {
        Instant now = LockedInstances.now();
        StringBuilder where = new StringBuilder("(i.status = 'ACTIVE')");
        if (filter.networkId() != null) {
            where.append(" AND i.networkId = :network");
        }
        if (filter.licenseType() != null) {
            where.append(" AND i.licenseType = :type");
        }
        if (filter.status() == InstanceStatus.STALE) {
            where.append(" AND ").append(net.activationserver.activation.entity.SweepMark.FLAGGED);
        } else if (filter.status() == InstanceStatus.ACTIVE) {
            where.append(" AND NOT (").append(net.activationserver.activation.entity.SweepMark.FLAGGED).append(")");
        }
        if (filter.silentFor() != null) {
            where.append(" AND i.lastHeartbeatAt < :silentSince");
        }
        jakarta.persistence.TypedQuery<String> query = em.createQuery("SELECT i.id FROM Instance i WHERE " + where + " ORDER BY i.lastHeartbeatAt, i.id",
                String.class).setMaxResults(BULK_MAX);
        if (filter.networkId() != null) {
            query.setParameter("network", filter.networkId());
        }
        if (filter.licenseType() != null) {
            query.setParameter("type", filter.licenseType());
        }
        if (filter.silentFor() != null) {
            query.setParameter("silentSince", now.minus(filter.silentFor()));
        }
        List<String> ids = query.getResultList();
        if (dryRun) {
            return new Bulk(ids.size(), 0, ids);
        }
        for (String id : ids) {
            end(instances.find(id), InstanceStatus.DEREGISTERED, admin, "deregistered by " + admin.name() + " (bulk)", now);
        }
        return new Bulk(ids.size(), ids.size(), ids);
    }
}
