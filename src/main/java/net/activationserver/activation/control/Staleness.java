package net.activationserver.activation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import net.activationserver.server.entity.Notice;
import net.activationserver.server.entity.NoticesSelected;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.activation.entity.SweepMark;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Node;
import net.activationserver.server.entity.Words;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The STALE transition and its audit lines ({@link SweepMark}), in the caller's transaction. The sweep moves the
 * {@value SweepMark#STALE} mark ({@link #markStale}), which makes every instance silent for {@code asl.heartbeat.timeout}
 * STALE at once, then writes their "expired" lines chunk by chunk ({@link #auditChunk}), moving the
 * {@value SweepMark#AUDITED} mark behind it. An instance between the two marks is STALE and waits for its line; a
 * change of such an instance first writes the line itself ({@link #settle}). Both take the {@value SweepMark#AUDITED}
 * mark's row lock and bump its {@code changes} (a key in the Galera write set), so each line is written exactly once,
 * whichever server node and database node write it.
 */
@ApplicationScoped
public class Staleness {

    /** The end of an expiry audit line naming the appliance, as {@link AuditLog#appliance} writes it for the other lines. */
    public static final String APPLIANCE_SQL = "'. Appliance ', COALESCE(i.hostname, '(no host name)'), ', MAC ', i.mac";

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Event<NoticesSelected> notices;

    @Inject
    AslConfig config;

    @Inject
    Releases releases;

    @Inject
    Node node;

    /**
     * Makes every ACTIVE instance silent since {@code now} minus the heartbeat timeout STALE: one single-row write,
     * whatever the number of instances, and none when no instance fell silent since the last move. Statements that read
     * the mark to write an instance (heartbeats) hold a shared lock on it until they commit, so none of them writes
     * over a transition it did not see.
     */
    public void markStale(Instant now) {
        Timestamp cutoff = Timestamp.from(now.minus(config.heartbeatTimeout()));
        if (firstHeartbeat("LIMIT 1", mark(SweepMark.STALE, false), cutoff) == null) {
            // no ACTIVE instance fell silent since the mark: it may stay (a last heartbeat only moves forward, so none
            // can come between it and the cutoff later), and a sweep that finds nothing commits no write
            return;
        }
        em.createNativeQuery("UPDATE sweep_mark SET swept_before = GREATEST(swept_before, ?1) WHERE name = '" + SweepMark.STALE + "'")
                .setParameter(1, cutoff)
                .executeUpdate();
    }

    /** What one {@link #auditChunk} did: the lines it wrote, and whether lines remain to be written. */
    public record Chunk(int lines, boolean more) {
    }

    /**
     * Writes the "expired" lines of at most about {@code chunk} STALE instances, the longest silent first, and moves the
     * {@value SweepMark#AUDITED} mark past them. A chunk ends between two distinct heartbeat times, so it may be larger
     * when more than {@code chunk} instances were last heard from in the same microsecond.
     */
    public Chunk auditChunk(Instant now, int chunk) {
        String from = mark(SweepMark.AUDITED, true);
        String to = mark(SweepMark.STALE, false);
        if (from.compareTo(to) >= 0) {
            return new Chunk(0, false);
        }
        String end = firstHeartbeat("ORDER BY last_heartbeat_at LIMIT 1 OFFSET " + chunk, from, to);
        if (end == null) {
            end = to;
        } else if (end.equals(from)) { // more than a chunk heard from in one microsecond: all of them
            end = firstHeartbeat("AND last_heartbeat_at > ?1 ORDER BY last_heartbeat_at LIMIT 1", from, to);
            end = end == null ? to : end;
        }
        String chunkOf = "i.last_heartbeat_at >= :from AND i.last_heartbeat_at < :end";
        Map<String, Object> bounds = Map.of("from", from, "end", end);
        int lines = audit.recordSelected(expiredLines(chunkOf), parameters(now, bounds));
        if (lines > 0) {
            notices.fire(new NoticesSelected(Notice.Type.INSTANCE_STALE, now, staleEvents(chunkOf), bounds));
        }
        if (lines == 0 && end.equals(to)) {
            // nothing to write up to the mark: the mark may stay (every ACTIVE instance behind it has its line), and a
            // sweep that finds nothing commits no write
            return new Chunk(0, false);
        }
        em.createNativeQuery("UPDATE sweep_mark SET swept_before = ?1, changes = changes + 1 WHERE name = '" + SweepMark.AUDITED + "'")
                .setParameter(1, end)
                .executeUpdate();
        return new Chunk(lines, !end.equals(to));
    }

    /**
     * Before a STALE instance changes (it resumes, is deregistered, re-activated): writes its "expired" line if the
     * sweep has not yet, under the {@value SweepMark#AUDITED} mark's lock, so that the line comes before the change's
     * own and is written once. Call it for an instance read STALE; it does nothing for any other.
     */
    public void settle(String instanceId, Instant now) {
        String audited = mark(SweepMark.AUDITED, true);
        String unwritten = "i.id = :id AND i.last_heartbeat_at >= :from AND " + SweepMark.flagged("i");
        Map<String, Object> which = Map.of("id", instanceId, "from", audited);
        int lines = audit.recordSelected(expiredLines(unwritten), parameters(now, which));
        if (lines > 0) {
            notices.fire(new NoticesSelected(Notice.Type.INSTANCE_STALE, now, staleEvents(unwritten), which));
            em.createNativeQuery("UPDATE sweep_mark SET changes = changes + 1 WHERE name = '" + SweepMark.AUDITED + "'").executeUpdate();
        }
    }

    /** A mark as stored (UTC, as text so that it binds back exactly); the {@value SweepMark#AUDITED} one locked. */
    private String mark(String name, boolean lock) {
        return (String) em.createNativeQuery("SELECT CAST(swept_before AS CHAR) FROM sweep_mark WHERE name = ?1" + (lock ? " FOR UPDATE" : ""))
                .setParameter(1, name)
                .getSingleResult();
    }

    /** The heartbeat time of an ACTIVE instance silent from {@code from} to before {@code to}, as the clause picks it. */
    private String firstHeartbeat(String clause, Object from, Object to) {
        List<?> first = em.createNativeQuery("SELECT CAST(last_heartbeat_at AS CHAR) FROM instance WHERE status = 'ACTIVE'"
                        + " AND last_heartbeat_at >= ?1 AND last_heartbeat_at < ?2 " + clause)
                .setParameter(1, from)
                .setParameter(2, to)
                .getResultList();
        return first.isEmpty() ? null : (String) first.get(0);
    }

    /** The "expired" lines of the ACTIVE instances the condition picks (alias {@code i}). */
    private String expiredLines(String condition) {
        Duration timeout = config.heartbeatTimeout();
        return "SELECT :now, 'SYSTEM', 'system', :node, i.id, CONCAT('ASL instance expired: no heartbeat since ',"
                + " DATE_FORMAT(i.last_heartbeat_at, '%Y-%m-%d %H:%i:%s UTC'), ' (timeout " + Words.duration(timeout) + "); status STALE,"
                + " seat kept until ', DATE_FORMAT(i.last_heartbeat_at + INTERVAL " + keep() + " SECOND, '%Y-%m-%d %H:%i:%s UTC'), " + APPLIANCE_SQL + ")"
                + " FROM instance i WHERE i.status = 'ACTIVE' AND " + condition;
    }

    /** SQL: how long after its last heartbeat the instance {@code i} keeps its seat (its network's release, {@link Releases}). */
    private String keep() {
        return "(" + config.heartbeatTimeout().getSeconds() + " + " + releases.secondsSql("i") + ")";
    }

    /** The {@code instance.stale} events of the ACTIVE instances the condition picks (alias {@code i}), as {@link NoticesSelected} reads them. */
    private String staleEvents(String condition) {
        return "SELECT i.id, i.hostname, i.mac, JSON_OBJECT('licenseType', i.license_type,"
                + " 'lastHeartbeatAt', " + SweepMark.isoUtc("i.last_heartbeat_at") + ", 'seatKeptUntil', " + SweepMark.isoUtc("i.last_heartbeat_at + INTERVAL " + keep() + " SECOND") + ")"
                + " FROM instance i WHERE i.status = 'ACTIVE' AND " + condition;
    }

    private Map<String, Object> parameters(Instant now, Map<String, Object> more) {
        Map<String, Object> all = new HashMap<>(more);
        all.put("now", Timestamp.from(now));
        all.put("node", node.name());
        return all;
    }
}
