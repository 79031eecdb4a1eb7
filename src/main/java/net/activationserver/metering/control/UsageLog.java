package net.activationserver.metering.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.sql.Timestamp;
import java.time.Instant;

/** Records seat-holding intervals inside the caller's transaction, so usage and seats never disagree. */
@ApplicationScoped
public class UsageLog {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    public void started(String instanceId, String licenseType, Instant at) {
        em.createNativeQuery("INSERT INTO usage_interval (instance_id, license_type, started_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, instanceId)
                .setParameter(2, licenseType)
                .setParameter(3, Timestamp.from(at))
                .executeUpdate();
    }

    public void ended(String instanceId, Instant at) {
        em.createNativeQuery("UPDATE usage_interval SET ended_at = ?1 WHERE instance_id = ?2 AND ended_at IS NULL")
                .setParameter(1, Timestamp.from(at))
                .setParameter(2, instanceId)
                .executeUpdate();
    }

    /** Closes the intervals of every instance a sweep released (marked with its sweep id). */
    public void endedBySweep(String sweepId, Instant at) {
        em.createNativeQuery("UPDATE usage_interval u JOIN instance i ON i.id = u.instance_id SET u.ended_at = ?1"
                        + " WHERE i.sweep_id = ?2 AND u.ended_at IS NULL")
                .setParameter(1, Timestamp.from(at))
                .setParameter(2, sweepId)
                .executeUpdate();
    }
}
