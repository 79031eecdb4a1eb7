package net.activationserver.events.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.activationserver.events.entity.StoredEvent;
import net.activationserver.events.entity.WebhookEndpoint;
import net.activationserver.server.control.Node;
import net.activationserver.server.entity.Notice;
import net.activationserver.server.entity.NoticesSelected;

/**
 * The event stream: keeps every {@link Notice} in the transaction that fired it, and queues its webhook deliveries
 * there (the outbox: one {@code webhook_delivery} row per endpoint that takes its type). The component's one class of
 * plain SQL for the stream, since every activation and heartbeat-after-silence writes here.
 */
@ApplicationScoped
public class EventLog {

    private static final JsonProvider JSON = JsonProvider.provider();
    /** An event's id, made by the database for set-based events: {@code evt_} and 32 hex digits. */
    private static final String NEW_ID = "CONCAT('evt_', REPLACE(UUID(), '-', ''))";
    private static final String COLUMNS = "seq, id, type, occurred_at, node, instance_id, hostname, mac, data";

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Node node;

    @Inject
    MailAlerts mail;

    @Inject
    SyslogFeed syslog;

    void noticed(@Observes Notice notice) {
        noticedAll(new Notice.Batch(List.of(notice)));
    }

    void noticedAll(@Observes Notice.Batch notices) {
        if (notices.notices().isEmpty()) {
            return;
        }
        String batch = insert(notices.notices());
        fanOut(batch);
        notices.notices().forEach(mail::consider);
        if (syslog.on()) {
            syslog.events(ofBatch(batch));
        }
    }

    /** Writes the events in one statement. @return their batch */
    private String insert(List<Notice> notices) {
        String batch = UUID.randomUUID().toString();
        Query insert = em.createNativeQuery("INSERT INTO event (id, type, occurred_at, node, batch, instance_id, hostname, mac, data) VALUES "
                + String.join(", ", java.util.Collections.nCopies(notices.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?)")));
        int p = 1;
        for (Notice notice : notices) {
            Notice.Appliance appliance = notice.appliance();
            insert.setParameter(p++, "evt_" + UUID.randomUUID().toString().replace("-", ""))
                    .setParameter(p++, notice.type().wire())
                    .setParameter(p++, Timestamp.from(notice.at()))
                    .setParameter(p++, node.name())
                    .setParameter(p++, batch)
                    .setParameter(p++, appliance == null ? null : appliance.instanceId())
                    .setParameter(p++, appliance == null ? null : appliance.hostname())
                    .setParameter(p++, appliance == null ? null : appliance.mac())
                    .setParameter(p++, json(notice.data()));
        }
        insert.executeUpdate();
        return batch;
    }

    void noticedMany(@Observes NoticesSelected notices) {
        String batch = UUID.randomUUID().toString();
        Query insert = em.createNativeQuery("INSERT INTO event (id, type, occurred_at, node, batch, instance_id, hostname, mac, data)"
                + " SELECT " + NEW_ID + ", :eventType, :eventAt, :eventNode, :eventBatch, s.* FROM (" + notices.select() + ") s");
        notices.parameters().forEach(insert::setParameter);
        int written = insert.setParameter("eventType", notices.type().wire())
                .setParameter("eventAt", Timestamp.from(notices.at()))
                .setParameter("eventNode", node.name())
                .setParameter("eventBatch", batch)
                .executeUpdate();
        if (written > 0) {
            fanOut(batch);
            mail.considerMany(notices.type(), written, notices.at());
            if (syslog.on()) {
                syslog.events(ofBatch(batch));
            }
        }
    }

    /** One delivery per event of the batch and endpoint that takes its type. */
    private void fanOut(String batch) {
        if (em.createNativeQuery("SELECT 1 FROM webhook_endpoint WHERE enabled LIMIT 1").getResultList().isEmpty()) {
            return; // no endpoint (an endpoint added meanwhile takes the events after its own creation)
        }
        em.createNativeQuery("INSERT INTO webhook_delivery (endpoint_id, event_seq, status, next_attempt_at)"
                        + " SELECT w.id, e.seq, 'PENDING', e.occurred_at FROM event e JOIN webhook_endpoint w"
                        + " ON " + WebhookEndpoint.TAKES_SQL + " WHERE e.batch = ?1")
                .setParameter(1, batch)
                .executeUpdate();
    }

    /** An event for one endpoint only (its test call). @return the event */
    public StoredEvent recordFor(String endpointId, Notice notice) {
        String batch = insert(List.of(notice));
        StoredEvent event = ofBatch(batch).get(0);
        em.createNativeQuery("INSERT INTO webhook_delivery (endpoint_id, event_seq, status, next_attempt_at) VALUES (?1, ?2, 'PENDING', ?3)")
                .setParameter(1, endpointId)
                .setParameter(2, event.seq())
                .setParameter(3, Timestamp.from(notice.at()))
                .executeUpdate();
        return event;
    }

    private List<StoredEvent> ofBatch(String batch) {
        return read(em.createNativeQuery("SELECT " + COLUMNS + " FROM event WHERE batch = ?1 ORDER BY seq").setParameter(1, batch));
    }

    /** Events by sequence, after {@code afterSeq}, at most {@code limit}, optionally of one type only. */
    public List<StoredEvent> after(long afterSeq, String type, int limit) {
        Query query = em.createNativeQuery("SELECT " + COLUMNS + " FROM event WHERE seq > ?1" + (type == null ? "" : " AND type = ?2")
                + " ORDER BY seq LIMIT " + limit).setParameter(1, afterSeq);
        return read(type == null ? query : query.setParameter(2, type));
    }

    public StoredEvent bySeq(long seq) {
        return read(em.createNativeQuery("SELECT " + COLUMNS + " FROM event WHERE seq = ?1").setParameter(1, seq)).get(0);
    }

    /** Deletes events older than the cutoff that no pending delivery waits for, at most {@code chunk}. */
    public int forgetBefore(Instant cutoff, int chunk) {
        return em.createNativeQuery("DELETE FROM event WHERE occurred_at < ?1 AND NOT EXISTS (SELECT 1 FROM webhook_delivery d"
                        + " WHERE d.event_seq = event.seq AND d.status = 'PENDING') ORDER BY seq LIMIT " + chunk)
                .setParameter(1, Timestamp.from(cutoff))
                .executeUpdate();
    }

    static List<StoredEvent> read(Query query) {
        return ((List<?>) query.getResultList()).stream().map(row -> {
            Object[] c = (Object[]) row;
            return new StoredEvent(((Number) c[0]).longValue(), (String) c[1], (String) c[2], instant(c[3]), (String) c[4],
                    (String) c[5], (String) c[6], (String) c[7], (String) c[8]);
        }).toList();
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Timestamp t ? t.toInstant() : value instanceof java.time.LocalDateTime l
                ? l.toInstant(java.time.ZoneOffset.UTC) : (Instant) value;
    }

    /** The event's data as a JSON object. */
    static String json(Map<String, Object> data) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        data.forEach((key, value) -> {
            if (value == null) {
                object.addNull(key);
            } else if (value instanceof Boolean b) {
                object.add(key, b);
            } else if (value instanceof Integer || value instanceof Long) {
                object.add(key, ((Number) value).longValue());
            } else if (value instanceof Number n) {
                object.add(key, n.doubleValue());
            } else if (value instanceof Collection<?> items) {
                JsonArrayBuilder array = JSON.createArrayBuilder();
                items.forEach(item -> array.add(String.valueOf(item)));
                object.add(key, array);
            } else {
                object.add(key, String.valueOf(value));
            }
        });
        return object.build().toString();
    }
}
