package net.activationserver.activation.boundary;

import net.activationserver.server.entity.Notice;
import net.activationserver.server.entity.NoticesSelected;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.activation.control.Staleness;
import net.activationserver.activation.control.Beats;
import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.activation.control.Leases;
import net.activationserver.activation.control.LockedInstances;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.ServerMetrics;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.ConflictException;

import java.time.Instant;

/** The heartbeats {@link Heartbeats} cannot answer from its read: each is its own transaction, written before it is answered. */
@Stateless
@PermitAll
public class WrittenHeartbeats {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    jakarta.enterprise.event.Event<NoticesSelected> notices;

    @Inject
    Beats beats;

    @Inject
    Leases leases;

    @Inject
    Staleness staleness;

    @Inject
    AuditLog audit;

    @Inject
    ServerMetrics metrics;

    @Inject
    AslConfig config;

    /**
     * A heartbeat written before it is answered: a primary-key read, then one single-row update that only succeeds if
     * the instance is still ACTIVE and still STALE or not as it was read (so a concurrent deregistration or sweep is
     * never overwritten). A STALE one resumes: whichever heartbeat's update finds it still STALE, on any node, writes
     * the one audit line.
     */
    public HeartbeatResult heartbeat(String instanceId, String token, String build) {
        Instant now = LockedInstances.now();
        String tokenHash = token == null ? null : InstanceTokens.hash(token);
        for (int attempt = 0; attempt < 3; attempt++) {
            Instance.Beat beat = Beats.checked(beats.beat(instanceId, null), instanceId, token, tokenHash);
            Leases.Lease lease = leases.due(beat.lease(), beat.leaseExpiresAt(), beat.networkId(), now)
                    ? leases.sign(instanceId, beat.mac(), beat.licenseType(), beat.networkId(), now)
                    : new Leases.Lease(beat.lease(), beat.leaseExpiresAt());
            boolean renewed = !lease.jws().equals(beat.lease());
            boolean stale = beat.status() == InstanceStatus.STALE;
            if (stale) {
                staleness.settle(instanceId, now); // its "expired" line, if the sweep has not written it yet, before "resumed"
            }
            jakarta.persistence.Query update = em.createNamedQuery(renewed ? Instance.HEARTBEAT_RENEWED : Instance.HEARTBEAT)
                    .setParameter("now", now)
                    .setParameter("build", build)
                    .setParameter("id", instanceId)
                    .setParameter("stale", stale);
            if (renewed) {
                update.setParameter("lease", lease.jws()).setParameter("leaseExpiresAt", lease.expiresAt());
            }
            int updated = update.executeUpdate();
            if (updated == 1) {
                // only the heartbeat whose update found it still STALE resumed it (another may have done it meanwhile)
                if (stale) {
                    audit.record(now, Actor.appliance(instanceId), instanceId,
                            "ASL instance resumed: heartbeat received after it was flagged STALE; status ACTIVE");
                    notices.fire(new NoticesSelected(Notice.Type.INSTANCE_RESUMED, now, "SELECT i.id, i.hostname, i.mac,"
                            + " JSON_OBJECT('licenseType', i.license_type) FROM instance i WHERE i.id = :id", java.util.Map.of("id", instanceId)));
                }
                metrics.heartbeat();
                return new HeartbeatResult(InstanceStatus.ACTIVE.name(), lease.jws(), lease.expiresAt().toString(),
                        config.heartbeatInterval().toSeconds());
            }
            // the status changed between the read and the update (a sweep or a deregistration): read again
        }
        throw new ConflictException("The instance changed concurrently; repeat the heartbeat.");
    }
}
