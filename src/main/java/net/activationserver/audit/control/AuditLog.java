package net.activationserver.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import net.activationserver.audit.entity.AuditRecorded;
import java.util.ArrayList;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import net.activationserver.server.entity.Actor;
import net.activationserver.audit.entity.AuditEvent;
import net.activationserver.server.control.Node;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Writes audit lines inside the caller's transaction: a change and its audit line commit or roll back together. */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Node node;

    @Inject
    Event<AuditRecorded> recorded;

    public void record(Instant at, Actor actor, String instanceId, String message) {
        recordAll(at, List.of(new Line(actor, instanceId, message)));
    }

    /** An audit line of {@link #recordAll}. */
    public record Line(Actor actor, String instanceId, String message) {
    }

    /**
     * Records the lines in one statement, in their order (ids ascending). One insert, not {@code em.persist} per line:
     * the generated ids would make each line its own round trip, and a batch of activations writes its lines at once.
     */
    public void recordAll(Instant at, List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Query insert = em.createNativeQuery("INSERT INTO audit_event (at, actor_kind, actor, node, instance_id, message) VALUES "
                + String.join(", ", Collections.nCopies(lines.size(), "(?, ?, ?, ?, ?, ?)")));
        Timestamp when = Timestamp.from(at);
        int p = 1;
        List<AuditEvent> events = new ArrayList<>();
        for (Line line : lines) {
            AuditEvent event = new AuditEvent(at, line.actor(), line.instanceId(), line.message(), node.name()); // its limits
            events.add(event);
            insert.setParameter(p++, when)
                    .setParameter(p++, event.actorKind().name())
                    .setParameter(p++, event.actor())
                    .setParameter(p++, event.node())
                    .setParameter(p++, event.instanceId())
                    .setParameter(p++, event.message());
        }
        insert.executeUpdate();
        recorded.fire(new AuditRecorded(events, 0));
    }

    /**
     * Set-based, for the sweep: one audit line per row of the caller's {@code SELECT} of
     * {@code (at, actor_kind, actor, node, instance_id, message)} over its own tables, in one statement; its named
     * parameters are bound from the map. The caller's rows may be locked by it ({@code FOR UPDATE}).
     * @return how many lines were written
     */
    public int recordSelected(String select, Map<String, Object> parameters) {
        Query insert = em.createNativeQuery("INSERT INTO audit_event (at, actor_kind, actor, node, instance_id, message) " + select);
        parameters.forEach(insert::setParameter);
        int written = insert.executeUpdate();
        if (written > 0) {
            recorded.fire(new AuditRecorded(List.of(), written));
        }
        return written;
    }

    /**
     * The lines of a set-based write of this node ({@link AuditRecorded}), read back in its transaction by an observer of
     * that write, before any other statement (its first id is the connection's {@code LAST_INSERT_ID()}, asked only then).
     */
    public List<AuditEvent> written(AuditRecorded recorded) {
        long first = ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
        return em.createQuery("SELECT a FROM AuditEvent a WHERE a.id >= :first AND a.node = :node ORDER BY a.id", AuditEvent.class)
                .setParameter("first", first)
                .setParameter("node", node.name())
                .setMaxResults(recorded.count())
                .getResultList();
    }

    /**
     * What ends a line about an appliance, after the seed's own words: {@code . Appliance lm-edge-1, MAC 02:AB:CD:00:00:01},
     * so that the trail names the appliance by what an operator knows it by, not by its instance id.
     */
    public static String appliance(String hostname, String mac) {
        return ". Appliance " + (hostname == null || hostname.isBlank() ? "(no host name)" : hostname) + ", MAC " + mac;
    }

    /** The seed's activation line; the count is per license type, after this activation. */
    public static String activating(String licenseType, int currentActivations) {
        return "Activating ASL instance with ASL License " + licenseType + ". Current activations is " + currentActivations;
    }

    /** The seed's first relicense line; the count is of the old type, after the change. */
    public static String licenseChange(String oldLicenseType, int currentActivations) {
        return "ASL Instance license change. Old license was " + oldLicenseType + " and current activations is " + currentActivations;
    }
}
