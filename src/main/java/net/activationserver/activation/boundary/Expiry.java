package net.activationserver.activation.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.SweepMark;
import net.activationserver.activation.control.Releases;
import net.activationserver.activation.control.Staleness;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.licensing.control.Pool;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Node;
import net.activationserver.server.entity.InstancesReleased;
import net.activationserver.server.entity.Notice;
import net.activationserver.server.entity.NoticesSelected;

import java.sql.Timestamp;
import java.time.Duration;
import net.activationserver.server.entity.Words;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/** The expiry facade, the sweep's transactions ({@link ExpirySweep}, and the admin's "run the sweep now"): silent instances turn STALE, then lose their seats. */
@Stateless
@PermitAll
public class Expiry {

    /** The instances one release marked with its sweep id ({@code :sweep}), for the owners of their seats and intervals. */
    private static final String SWEPT = "SELECT id FROM instance WHERE sweep_id = :sweep";

    private static final Logger LOG = Logger.getLogger(Expiry.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Pool pool;

    @Inject
    Event<InstancesReleased> releasedSeats;

    @Inject
    Licensing licensing;

    @Inject
    AuditLog audit;

    @Inject
    AslConfig config;

    @Inject
    Node node;

    @Inject
    Staleness staleness;

    @Inject
    Releases releases;

    @Inject
    Event<NoticesSelected> notices;

    /**
     * Takes out of the pool the license files contributed by appliances that no longer hold a seat, or have sent no
     * heartbeat for {@code asl.contribution.retain}. Safe on every node at once ({@link Licensing#withdrawContributionsOf}).
     * @return how many files left the pool
     */
    public int expireContributions(Instant now) {
        Set<String> contributors = licensing.contributors();
        if (contributors.isEmpty()) {
            return 0;
        }
        Set<String> gone = new HashSet<>(contributors);
        gone.removeAll(em.createQuery("SELECT i.id FROM Instance i WHERE i.id IN :ids AND " + Instance.HOLDS_SEAT
                        + " AND i.lastHeartbeatAt >= :retained", String.class)
                .setParameter("ids", contributors)
                .setParameter("retained", now.minus(config.contributionRetain()))
                .getResultList());
        return licensing.withdrawContributionsOf(gone, "its appliance no longer holds a seat or sent no heartbeat for "
                + Words.duration(config.contributionRetain()), now);
    }

    /**
     * Makes every instance silent for {@code asl.heartbeat.timeout} STALE at once ({@link Staleness#markStale}): a
     * single-row write however many there are.
     */
    public void markStale(Instant now) {
        staleness.markStale(now);
    }

    /**
     * Writes the "expired" audit lines of at most about {@code chunk} instances made STALE by {@link #markStale}
     * ({@link Staleness#auditChunk}): the caller calls again while lines remain, each call a transaction of its own
     * (Galera certifies and applies a write set as one).
     */
    public Staleness.Chunk auditStale(Instant now, int chunk) {
        Staleness.Chunk done = staleness.auditChunk(now, chunk);
        if (done.lines() > 0) {
            LOG.info(() -> done.lines() + " instance(s) flagged STALE: no heartbeat for " + config.heartbeatTimeout());
        }
        return done;
    }

    /**
     * Releases the seats of instances STALE for {@code asl.seat.release-after} (status RELEASED; the appliance gets
     * 410 from then on), once their "expired" line is written (before the {@value SweepMark#AUDITED} mark). Bulk
     * statements, exactly once per instance across nodes, at most {@code chunk} instances per call.
     * @return how many instances were released
     */
    public int releaseStale(Instant now, int chunk) {
        Duration timeout = config.heartbeatTimeout();
        String releaseSeconds = releases.secondsSql("i");
        String sweep = UUID.randomUUID().toString();
        // the index bounds the rows read by the shortest release; each row's own (its network's) decides
        int released = em.createNativeQuery("UPDATE instance i SET i.status = 'RELEASED', i.seat_mac = NULL, i.version = i.version + 1,"
                        + " i.ended_at = ?1, i.sweep_id = ?2 WHERE i.status = 'ACTIVE' AND i.last_heartbeat_at < ?3"
                        + " AND i.last_heartbeat_at < ?4 - INTERVAL " + releaseSeconds + " SECOND"
                        + " AND " + SweepMark.audited("i")
                        + " ORDER BY i.last_heartbeat_at, i.id LIMIT " + chunk)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, sweep)
                .setParameter(3, Timestamp.from(now.minus(timeout).minus(releases.shortest())))
                .setParameter(4, Timestamp.from(now.minus(timeout)))
                .executeUpdate();
        if (released > 0) {
            String releaseWords = releases.wordsSql("i");
            Map<String, Object> swept = Map.of("sweep", sweep);
            pool.releaseSeatsOf(SWEPT, swept);
            releasedSeats.fire(new InstancesReleased(now, SWEPT, swept));
            audit.recordSelected("SELECT :now, 'SYSTEM', 'system', :node, id, CONCAT('ASL instance seat released: no heartbeat since ',"
                            + " DATE_FORMAT(last_heartbeat_at, '%Y-%m-%d %H:%i:%s UTC'), ', STALE since ',"
                            + " DATE_FORMAT(last_heartbeat_at + INTERVAL :timeout SECOND, '%Y-%m-%d %H:%i:%s UTC'),"
                            + " ' (released after ', " + releaseWords + ", '); status RELEASED, ASL License ', license_type, ' seat free', "
                            + Staleness.APPLIANCE_SQL + ")"
                            + " FROM instance i WHERE i.sweep_id = :sweep",
                    Map.of("now", Timestamp.from(now), "timeout", timeout.getSeconds(), "sweep", sweep, "node", node.name()));
            notices.fire(new NoticesSelected(Notice.Type.INSTANCE_RELEASED, now, "SELECT i.id, i.hostname, i.mac, JSON_OBJECT('licenseType', i.license_type,"
                    + " 'lastHeartbeatAt', " + SweepMark.isoUtc("i.last_heartbeat_at") + ", 'releasedAfter', " + releaseWords + ")"
                    + " FROM instance i WHERE i.sweep_id = :sweep", swept));
            // they leave their networks once their lines have named each one's release
            em.createNativeQuery("UPDATE instance SET network_id = NULL WHERE sweep_id = ?1").setParameter(1, sweep).executeUpdate();
            LOG.info(() -> released + " instance(s) released: STALE for " + Words.duration(config.seatReleaseAfter())
                    + (releases.shortened().isEmpty() ? "" : ", or their network's shorter release"));
        }
        return released;
    }
}
