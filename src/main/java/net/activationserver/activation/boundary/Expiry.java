package net.activationserver.activation.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.StaleFlag;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.licensing.control.Pool;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Node;
import net.activationserver.server.entity.InstancesReleased;

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
     * The end of an expiry audit line naming the appliance: {@code Appliance HOST, MAC X} ('#' stands for the table alias),
     * as {@link net.activationserver.audit.control.AuditLog#appliance} writes it for the other lines.
     */
    static final String APPLIANCE_SQL = "Appliance ', COALESCE(#hostname, '(no host name)'), ', MAC ', #mac";

    /**
     * Flags ACTIVE instances silent for {@code asl.heartbeat.timeout} as STALE: a narrow row each in
     * {@code instance_stale} (V8), after their audit lines. Only heartbeats from the previous sweep's cutoff
     * ({@code sweep_mark}) to this one's are read: every instance silent for longer was flagged by then, or has
     * heartbeated since. Each sweep locks the mark first, so sweeps on several nodes take turns, and each reads the rows
     * with exclusive locks from the (status, last heartbeat) index: a row is flagged and gets its audit line exactly once.
     * At most {@code chunk} instances per call, the longest silent first, so that no transaction's write set grows with the
     * fleet (Galera certifies and applies a write set as one): the caller calls again while a call flags a whole chunk,
     * and the mark moves to the chunk's last heartbeat, so that the next chunk's read starts where this one ended.
     * @return how many instances were flagged
     */
    public int flagStale(Instant now, int chunk) {
        Duration timeout = config.heartbeatTimeout();
        Timestamp silentSince = Timestamp.from(now.minus(timeout));
        // as text, as stored (UTC), so that it is bound back as it is and the index range has both ends
        String from = (String) em.createNativeQuery("SELECT COALESCE(CAST(swept_before AS CHAR), '1970-01-01 00:00:00')"
                + " FROM sweep_mark WHERE name = 'stale' FOR UPDATE").getSingleResult();
        List<?> due = em.createNativeQuery("SELECT i.id, CAST(i.last_heartbeat_at AS CHAR) FROM instance i" + StaleFlag.flagJoin("i")
                        + " WHERE i.status = 'ACTIVE' AND i.last_heartbeat_at >= ?1 AND i.last_heartbeat_at < ?2 AND " + StaleFlag.UNFLAGGED
                        + " ORDER BY i.last_heartbeat_at, i.id LIMIT " + chunk + " FOR UPDATE")
                .setParameter(1, from)
                .setParameter(2, silentSince)
                .getResultList();
        if (due.isEmpty()) {
            moveMark(silentSince);
            return 0;
        }
        List<String> ids = due.stream().map(row -> (String) ((Object[]) row)[0]).toList();
        int audited = audit.recordSelected("SELECT :now, 'SYSTEM', 'system', :node, i.id, CONCAT('ASL instance expired: no heartbeat since ',"
                        + " DATE_FORMAT(i.last_heartbeat_at, '%Y-%m-%d %H:%i:%s UTC'), ' (timeout " + Words.duration(timeout) + "); status STALE,"
                        + " seat kept until ', DATE_FORMAT(i.last_heartbeat_at + INTERVAL :keep SECOND, '%Y-%m-%d %H:%i:%s UTC'), '. "
                        + APPLIANCE_SQL.replace("#", "i.") + ")"
                        + " FROM instance i WHERE i.id IN (:ids)",
                Map.of("now", Timestamp.from(now), "keep", timeout.plus(config.seatReleaseAfter()).getSeconds(), "ids", ids, "node", node.name()));
        int flagged = em.createNativeQuery("INSERT INTO instance_stale (instance_id) SELECT id FROM instance WHERE id IN (:ids)")
                .setParameter("ids", ids)
                .executeUpdate();
        if (flagged != audited || flagged != ids.size()) { // cannot happen under the locks taken above; never commit lines that disagree
            throw new IllegalStateException("sweep flagged " + flagged + " instance(s) but wrote " + audited + " audit line(s)");
        }
        // all due up to this chunk's last heartbeat are flagged now (those at that very moment maybe not all: the next
        // chunk reads from it again); a chunk that is not full found every instance due
        moveMark(flagged < chunk ? silentSince : ((Object[]) due.get(due.size() - 1))[1]);
        if (flagged > 0) {
            LOG.info(() -> flagged + " instance(s) flagged STALE: no heartbeat for " + timeout);
        }
        return flagged;
    }

    private void moveMark(Object to) {
        em.createNativeQuery("UPDATE sweep_mark SET swept_before = GREATEST(COALESCE(swept_before, ?1), ?1) WHERE name = 'stale'")
                .setParameter(1, to)
                .executeUpdate();
    }

    /**
     * Releases the seats of instances STALE for {@code asl.seat.release-after} (status RELEASED; the appliance gets
     * 410 from then on) and deletes their flags. Bulk statements, exactly once per instance across nodes, like
     * {@link #flagStale}, and like it at most {@code chunk} instances per call.
     * @return how many instances were released
     */
    public int releaseStale(Instant now, int chunk) {
        Duration timeout = config.heartbeatTimeout();
        Duration releaseAfter = config.seatReleaseAfter();
        String sweep = UUID.randomUUID().toString();
        int released = em.createNativeQuery("UPDATE instance i SET i.status = 'RELEASED', i.seat_mac = NULL, i.network_id = NULL, i.version = i.version + 1,"
                        + " i.ended_at = ?1, i.sweep_id = ?2 WHERE i.status = 'ACTIVE' AND i.last_heartbeat_at < ?3"
                        + " AND " + StaleFlag.flagged("i") + " ORDER BY i.last_heartbeat_at, i.id LIMIT " + chunk)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, sweep)
                .setParameter(3, Timestamp.from(now.minus(timeout).minus(releaseAfter)))
                .executeUpdate();
        if (released > 0) {
            em.createNativeQuery("DELETE f FROM instance_stale f JOIN instance i ON i.id = f.instance_id WHERE i.sweep_id = ?1")
                    .setParameter(1, sweep)
                    .executeUpdate();
            Map<String, Object> swept = Map.of("sweep", sweep);
            pool.releaseSeatsOf(SWEPT, swept);
            releasedSeats.fire(new InstancesReleased(now, SWEPT, swept));
            audit.recordSelected("SELECT :now, 'SYSTEM', 'system', :node, id, CONCAT('ASL instance seat released: no heartbeat since ',"
                            + " DATE_FORMAT(last_heartbeat_at, '%Y-%m-%d %H:%i:%s UTC'), ', STALE since ',"
                            + " DATE_FORMAT(last_heartbeat_at + INTERVAL :timeout SECOND, '%Y-%m-%d %H:%i:%s UTC'),"
                            + " ' (released after " + Words.duration(releaseAfter) + "); status RELEASED, ASL License ', license_type, ' seat free. "
                            + APPLIANCE_SQL.replace("#", "") + ")"
                            + " FROM instance WHERE sweep_id = :sweep",
                    Map.of("now", Timestamp.from(now), "timeout", timeout.getSeconds(), "sweep", sweep, "node", node.name()));
            LOG.info(() -> released + " instance(s) released: STALE for " + releaseAfter);
        }
        return released;
    }
}
