package net.activationserver.events.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.activationserver.server.control.Node;

/**
 * The outbox's bookkeeping, in the caller's transaction: who sends an endpoint's deliveries ({@code webhook_lane}, a
 * claim that lapses, so that a node killed mid-delivery leaves them to another), which delivery is next (the oldest
 * pending: one at a time per endpoint, in event order), and what each attempt gave; the same for the e-mail alerts.
 */
@ApplicationScoped
public class Outbox {

    /** How long a node's claim on an endpoint or a mail holds without being renewed. */
    public static final Duration CLAIM = Duration.ofSeconds(30);

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Node node;

    /** Endpoints with a delivery due, at most {@code limit}. */
    public List<String> dueEndpoints(Instant now, int limit) {
        return ((List<?>) em.createNativeQuery("SELECT DISTINCT endpoint_id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= ?1 LIMIT " + limit)
                .setParameter(1, Timestamp.from(now)).getResultList()).stream().map(String.class::cast).toList();
    }

    /** Claims (or renews this node's claim on) an endpoint's deliveries. @return whether this node has them now */
    public boolean claim(String endpointId, Instant now) {
        em.createNativeQuery("INSERT IGNORE INTO webhook_lane (endpoint_id, claimed_until) VALUES (?1, ?2)")
                .setParameter(1, endpointId).setParameter(2, Timestamp.from(Instant.EPOCH.plusSeconds(1))).executeUpdate();
        return em.createNativeQuery("UPDATE webhook_lane SET claimed_by = ?1, claimed_until = ?2 WHERE endpoint_id = ?3"
                        + " AND (claimed_until < ?4 OR claimed_by = ?1)")
                .setParameter(1, node.name())
                .setParameter(2, Timestamp.from(now.plus(CLAIM)))
                .setParameter(3, endpointId)
                .setParameter(4, Timestamp.from(now))
                .executeUpdate() == 1;
    }

    /** Gives up this node's claim, so that another node may send at once. */
    public void release(String endpointId, Instant now) {
        em.createNativeQuery("UPDATE webhook_lane SET claimed_until = ?1 WHERE endpoint_id = ?2 AND claimed_by = ?3")
                .setParameter(1, Timestamp.from(now)).setParameter(2, endpointId).setParameter(3, node.name()).executeUpdate();
    }

    /** The oldest pending delivery of an endpoint. */
    public record Head(long eventSeq, int attempts, Instant nextAttemptAt) {
    }

    public Optional<Head> head(String endpointId) {
        List<?> rows = em.createNativeQuery("SELECT event_seq, attempts, next_attempt_at FROM webhook_delivery"
                        + " WHERE endpoint_id = ?1 AND status = 'PENDING' ORDER BY event_seq LIMIT 1")
                .setParameter(1, endpointId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] c = (Object[]) rows.get(0);
        return Optional.of(new Head(((Number) c[0]).longValue(), ((Number) c[1]).intValue(), EventLog.instant(c[2])));
    }

    public void delivered(String endpointId, long eventSeq, int status, Instant now) {
        em.createNativeQuery("UPDATE webhook_delivery SET status = 'DELIVERED', attempts = attempts + 1, last_attempt_at = ?1, last_status = ?2,"
                        + " last_error = NULL, delivered_at = ?1, delivered_by = ?3 WHERE endpoint_id = ?4 AND event_seq = ?5 AND status = 'PENDING'")
                .setParameter(1, Timestamp.from(now)).setParameter(2, status).setParameter(3, node.name())
                .setParameter(4, endpointId).setParameter(5, eventSeq).executeUpdate();
        em.createNativeQuery("UPDATE webhook_lane SET failing_since = NULL WHERE endpoint_id = ?1 AND failing_since IS NOT NULL")
                .setParameter(1, endpointId).executeUpdate();
    }

    /** Records a failed attempt and when the next one is due. @return since when the endpoint fails every delivery */
    public Instant failed(String endpointId, long eventSeq, Integer status, String error, Instant now, Instant next) {
        em.createNativeQuery("UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = ?1, last_status = ?2, last_error = ?3,"
                        + " next_attempt_at = ?4 WHERE endpoint_id = ?5 AND event_seq = ?6 AND status = 'PENDING'")
                .setParameter(1, Timestamp.from(now)).setParameter(2, status).setParameter(3, error.length() > 500 ? error.substring(0, 500) : error)
                .setParameter(4, Timestamp.from(next)).setParameter(5, endpointId).setParameter(6, eventSeq).executeUpdate();
        em.createNativeQuery("UPDATE webhook_lane SET failing_since = COALESCE(failing_since, ?1) WHERE endpoint_id = ?2")
                .setParameter(1, Timestamp.from(now)).setParameter(2, endpointId).executeUpdate();
        return EventLog.instant(em.createNativeQuery("SELECT failing_since FROM webhook_lane WHERE endpoint_id = ?1")
                .setParameter(1, endpointId).getSingleResult());
    }

    /** How an endpoint's deliveries stand: since when they all fail (or null), and how many wait. */
    public record Lane(Instant failingSince, long pending) {
    }

    public Lane lane(String endpointId) {
        Object[] c = (Object[]) em.createNativeQuery("SELECT (SELECT failing_since FROM webhook_lane WHERE endpoint_id = ?1),"
                + " (SELECT COUNT(*) FROM webhook_delivery WHERE endpoint_id = ?1 AND status = 'PENDING')").setParameter(1, endpointId).getSingleResult();
        return new Lane(EventLog.instant(c[0]), ((Number) c[1]).longValue());
    }

    /** A disabled endpoint's pending deliveries are given up. */
    public void abandon(String endpointId) {
        em.createNativeQuery("UPDATE webhook_delivery SET status = 'ABANDONED' WHERE endpoint_id = ?1 AND status = 'PENDING'")
                .setParameter(1, endpointId).executeUpdate();
    }

    /** A deleted endpoint's deliveries and lane. */
    public void forget(String endpointId) {
        em.createNativeQuery("DELETE FROM webhook_delivery WHERE endpoint_id = ?1").setParameter(1, endpointId).executeUpdate();
        em.createNativeQuery("DELETE FROM webhook_lane WHERE endpoint_id = ?1").setParameter(1, endpointId).executeUpdate();
    }

    /** One delivery as the admin API and the console show it. */
    public record DeliveryRow(String eventId, String type, Instant occurredAt, String status, int attempts, Integer lastStatus,
            String lastError, Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt, String deliveredBy) {
    }

    /** An endpoint's deliveries, newest event first. */
    public List<DeliveryRow> deliveries(String endpointId, int limit) {
        return ((List<?>) em.createNativeQuery("SELECT e.id, e.type, e.occurred_at, d.status, d.attempts, d.last_status, d.last_error,"
                        + " d.last_attempt_at, d.next_attempt_at, d.delivered_at, d.delivered_by FROM webhook_delivery d"
                        + " JOIN event e ON e.seq = d.event_seq WHERE d.endpoint_id = ?1 ORDER BY d.event_seq DESC LIMIT " + limit)
                .setParameter(1, endpointId).getResultList()).stream().map(row -> {
                    Object[] c = (Object[]) row;
                    return new DeliveryRow((String) c[0], (String) c[1], EventLog.instant(c[2]), (String) c[3], ((Number) c[4]).intValue(),
                            c[5] == null ? null : ((Number) c[5]).intValue(), (String) c[6], EventLog.instant(c[7]),
                            "PENDING".equals(c[3]) ? EventLog.instant(c[8]) : null, EventLog.instant(c[9]), (String) c[10]);
                }).toList();
    }

    /** Delivered and abandoned deliveries of events older than the cutoff, at most {@code chunk}. */
    public int forgetDoneBefore(Instant cutoff, int chunk) {
        return em.createNativeQuery("DELETE FROM webhook_delivery WHERE status <> 'PENDING' AND next_attempt_at < ?1 LIMIT " + chunk)
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate();
    }

    /** Mails due, at most {@code limit}. */
    public List<String> dueMails(Instant now, int limit) {
        return ((List<?>) em.createNativeQuery("SELECT alert_key FROM mail_alert WHERE sent_at IS NULL AND next_attempt_at <= ?1 LIMIT " + limit)
                .setParameter(1, Timestamp.from(now)).getResultList()).stream().map(String.class::cast).toList();
    }

    public record QueuedMail(String key, String subject, String body, int attempts) {
    }

    /** Claims a mail for this node. @return it, unless sent or claimed by another meanwhile */
    public Optional<QueuedMail> claimMail(String key, Instant now) {
        int claimed = em.createNativeQuery("UPDATE mail_alert SET claimed_by = ?1, claimed_until = ?2 WHERE alert_key = ?3 AND sent_at IS NULL"
                        + " AND (claimed_until IS NULL OR claimed_until < ?4 OR claimed_by = ?1)")
                .setParameter(1, node.name()).setParameter(2, Timestamp.from(now.plus(CLAIM))).setParameter(3, key)
                .setParameter(4, Timestamp.from(now)).executeUpdate();
        if (claimed == 0) {
            return Optional.empty();
        }
        Object[] c = (Object[]) em.createNativeQuery("SELECT subject, body, attempts FROM mail_alert WHERE alert_key = ?1")
                .setParameter(1, key).getSingleResult();
        return Optional.of(new QueuedMail(key, (String) c[0], (String) c[1], ((Number) c[2]).intValue()));
    }

    public void mailSent(String key, Instant now) {
        em.createNativeQuery("UPDATE mail_alert SET sent_at = ?1, attempts = attempts + 1, last_error = NULL, claimed_until = NULL WHERE alert_key = ?2")
                .setParameter(1, Timestamp.from(now)).setParameter(2, key).executeUpdate();
    }

    public void mailFailed(String key, String error, Instant next) {
        em.createNativeQuery("UPDATE mail_alert SET attempts = attempts + 1, last_error = ?1, next_attempt_at = ?2, claimed_until = NULL WHERE alert_key = ?3")
                .setParameter(1, error.length() > 500 ? error.substring(0, 500) : error).setParameter(2, Timestamp.from(next))
                .setParameter(3, key).executeUpdate();
    }
}
