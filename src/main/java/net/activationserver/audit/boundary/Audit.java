package net.activationserver.audit.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import net.activationserver.audit.control.RefusalCounts;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.entity.Upkeep;

import java.sql.Timestamp;
import java.time.Duration;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import net.activationserver.api.Refused;
import net.activationserver.server.entity.Actor;
import net.activationserver.audit.entity.AuditEvent;
import net.activationserver.audit.entity.DebugEvent;

import java.time.Instant;
import java.util.List;

/**
 * Reads the audit trail and debug log, stores refusals in the debug log (counted: {@link RefusalCounts}), and keeps
 * both for as long as configured: {@code asl.debug-log.retain} (default 30 days) and {@code asl.audit-log.retain}
 * (default: for ever), purged by every node's upkeep.
 */
@Stateless
@PermitAll
public class Audit {

    public static final String DEBUG_RETAIN = "asl.debug-log.retain";
    public static final String AUDIT_RETAIN = "asl.audit-log.retain";
    static final Duration DEFAULT_DEBUG_RETAIN = Duration.ofDays(30);
    /** Rows deleted per statement, so a first purge of a large table is many small transactions' worth of locks, not one. */
    static final int PURGE_CHUNK = 5_000;

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    RefusalCounts counts;

    @Inject
    AslConfig config;

    /**
     * Refusals roll their own transaction back, so their debug entry is written in a transaction of its own; only the
     * first of its kind in a minute on this node is written at once, the others are counted.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void debug(@Observes Refused refused) {
        Instant now = Instant.now();
        if (!counts.first(refused, now)) {
            return;
        }
        long id = 0;
        try {
            DebugEvent event = new DebugEvent(now, refused.code(), refused.message(), refused.reason(), refused.peer(), refused.request());
            em.persist(event);
            em.flush();
            id = event.id();
        } finally {
            counts.written(refused, now, id);
        }
    }

    /** Every few seconds, on every node: the refusals counted since are added to their rows. */
    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void writeCounts() {
        for (RefusalCounts.Addition addition : counts.drain(Instant.now())) {
            em.createQuery("UPDATE DebugEvent e SET e.count = e.count + :count, e.lastAt = :last WHERE e.id = :id")
                    .setParameter("count", addition.count()).setParameter("last", addition.last()).setParameter("id", addition.id())
                    .executeUpdate();
        }
    }

    /**
     * Every minute, on every node: debug and audit lines past their retention are deleted, at most {@link #PURGE_CHUNK}
     * of each a minute (7 million a day), so that a first purge of a large table never takes one long transaction.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void purge(@ObservesAsync Upkeep upkeep) {
        Duration debug = config.duration(DEBUG_RETAIN, DEFAULT_DEBUG_RETAIN);
        deleteBefore("debug_event", upkeep.at().minus(debug));
        if (config.string(AUDIT_RETAIN).isPresent()) {
            deleteBefore("audit_event", upkeep.at().minus(config.duration(AUDIT_RETAIN, Duration.ZERO)));
        }
    }

    private void deleteBefore(String table, Instant before) {
        em.createNativeQuery("DELETE FROM " + table + " WHERE at < ?1 ORDER BY at LIMIT " + PURGE_CHUNK)
                .setParameter(1, Timestamp.from(before)).executeUpdate();
    }

    /** Newest first; every filter optional; {@code beforeId} pages back from a previous page's last id. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<AuditEntryView> audit(String instanceId, String text, Instant since, Long beforeId, int limit) {
        return audit(instanceId, null, text, since, beforeId, limit);
    }

    /** As {@link #audit(String, String, Instant, Long, int)}, optionally of one kind of actor (appliance, admin, system). */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<AuditEntryView> audit(String instanceId, Actor.Kind kind, String text, Instant since, Long beforeId, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEvent e WHERE 1 = 1");
        if (instanceId != null) jpql.append(" AND e.instanceId = :instance");
        if (kind != null) jpql.append(" AND e.actorKind = :kind");
        if (text != null) jpql.append(" AND e.message LIKE :text");
        if (since != null) jpql.append(" AND e.at >= :since");
        if (beforeId != null) jpql.append(" AND e.id < :before");
        TypedQuery<AuditEvent> query = em.createQuery(jpql.append(" ORDER BY e.id DESC").toString(), AuditEvent.class);
        if (instanceId != null) query.setParameter("instance", instanceId);
        if (kind != null) query.setParameter("kind", kind);
        if (text != null) query.setParameter("text", "%" + text + "%");
        if (since != null) query.setParameter("since", since);
        if (beforeId != null) query.setParameter("before", beforeId);
        return query.setMaxResults(limit).getResultList().stream().map(AuditEntryView::of).toList();
    }

    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<DebugEntryView> debugLog(String code, Instant since, Long beforeId, int limit) {
        return debugLog(code, null, since, beforeId, limit);
    }

    /** Newest first; {@code text} matches the message or the reason. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<DebugEntryView> debugLog(String code, String text, Instant since, Long beforeId, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM DebugEvent e WHERE 1 = 1");
        if (code != null) jpql.append(" AND e.code = :code");
        if (text != null) jpql.append(" AND (e.message LIKE :text OR e.reason LIKE :text)");
        if (since != null) jpql.append(" AND e.at >= :since");
        if (beforeId != null) jpql.append(" AND e.id < :before");
        TypedQuery<DebugEvent> query = em.createQuery(jpql.append(" ORDER BY e.id DESC").toString(), DebugEvent.class);
        if (code != null) query.setParameter("code", code);
        if (text != null) query.setParameter("text", "%" + text + "%");
        if (since != null) query.setParameter("since", since);
        if (beforeId != null) query.setParameter("before", beforeId);
        return query.setMaxResults(limit).getResultList().stream().map(DebugEntryView::of).toList();
    }
}
