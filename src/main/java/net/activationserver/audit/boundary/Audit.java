package net.activationserver.audit.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import net.activationserver.api.Refused;
import net.activationserver.server.entity.Actor;
import net.activationserver.audit.entity.AuditEvent;
import net.activationserver.audit.entity.DebugEvent;

import java.time.Instant;
import java.util.List;

/** Reads the audit trail and debug log, and stores refusals in the debug log. */
@Stateless
@PermitAll
public class Audit {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    /** Refusals roll their own transaction back, so their debug entry is written in a transaction of its own. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void debug(@Observes Refused refused) {
        em.persist(new DebugEvent(Instant.now(), refused.code(), refused.message(), refused.reason(), refused.peer(), refused.request()));
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
