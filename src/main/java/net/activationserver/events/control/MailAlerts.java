package net.activationserver.events.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.activationserver.server.entity.Notice;

/**
 * Which events are worth an e-mail, and one mail per incident: queued in the event's transaction under the incident's
 * key ({@code mail_alert}), unless a mail of the same key was queued within {@code asl.mail.quiet}. A node sends it
 * later ({@link Outbox}); nothing is queued while no SMTP server is configured.
 */
@ApplicationScoped
public class MailAlerts {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    EventSettings settings;

    /** The mail one event calls for, if any. */
    record Alert(String key, String subject, String body) {
    }

    void consider(Notice notice) {
        alert(notice).ifPresent(alert -> queue(alert, notice.at()));
    }

    /** Many instances of a type at once: a STALE surge is worth a mail. */
    void considerMany(Notice.Type type, int count, Instant at) {
        if (type == Notice.Type.INSTANCE_STALE && count >= settings.staleSurge()) {
            queue(new Alert("instance.stale-surge", count + " appliances stopped sending heartbeats",
                    count + " appliances have sent no heartbeat for the heartbeat timeout and are STALE since " + at + ".\n"
                            + "They keep their seats until they are released. Check the network between them and the server,"
                            + " or the server nodes' health.\nThe console's dashboard lists them."), at);
        }
    }

    static Optional<Alert> alert(Notice notice) {
        Map<String, Object> data = notice.data();
        return switch (notice.type()) {
            case POOL_THRESHOLD, POOL_EXHAUSTED, POOL_OVERAGE -> poolAlert(notice.type(), data);
            case LICENSE_EXPIRING -> Optional.of(new Alert("license.expiring:" + data.get("licenseId") + ":" + data.get("daysLeft"),
                    "License file " + data.get("licenseId") + " expires in " + data.get("daysLeft") + " day(s)",
                    "License file " + data.get("licenseId") + " (" + data.get("customer") + ") expires on " + data.get("expiresAt")
                            + ". Its seats leave the pool then; ask the vendor for a renewed file and install it."));
            case LICENSE_EXPIRED -> Optional.of(new Alert("license.expired:" + data.get("licenseId"), "License file " + data.get("licenseId") + " expired",
                    "License file " + data.get("licenseId") + " (" + data.get("customer") + ") expired on " + data.get("expiresAt")
                            + ". Its seats have left the pool."));
            case NODE_DOWN -> Optional.of(new Alert("node.down:" + data.get("node"), "Server node " + data.get("node") + " is down",
                    "Server node " + data.get("node") + " (" + data.get("address") + ") was last seen at " + data.get("lastSeenAt")
                            + ". The other nodes serve its appliances; start it again or remove it from the node list."));
            case WEBHOOK_DISABLED -> Optional.of(new Alert("webhook.disabled:" + data.get("endpointId"), "Webhook endpoint disabled: " + data.get("url"),
                    "Every delivery to " + data.get("url") + " failed since " + data.get("failingSince") + ", so it no longer receives events"
                            + " (last error: " + data.get("lastError") + ").\nFix the receiver, then add the endpoint again."));
            default -> Optional.empty();
        };
    }

    /** A pool's alert: its words built only for the pool events (every activation's event passes through {@link #alert}). */
    private static Optional<Alert> poolAlert(Notice.Type type, Map<String, Object> data) {
        Object pool = data.get("licenseType") == null ? "the instance limit" : "license type " + data.get("licenseType");
        String use = data.get("used") + " of " + data.get("seats") + " seats in use";
        return switch (type) {
            case POOL_THRESHOLD -> "up".equals(data.get("direction"))
                    ? Optional.of(new Alert("pool.threshold:" + data.get("pool"), "Seats running out: " + pool + " at " + data.get("percent") + "%",
                    "The pool's " + pool + " has " + use + " (" + data.get("percent") + "%), at or above the alert threshold of "
                            + data.get("thresholdPercent") + "%.\nInstall a license file with more seats, or deregister appliances that are no longer needed."))
                    : Optional.empty();
            case POOL_EXHAUSTED -> Optional.of(new Alert("pool.exhausted:" + data.get("pool"), "No seats left: " + pool,
                    "Every seat of " + pool + " is in use (" + use + "). New appliances asking for it are refused.\n"
                            + "Install a license file with more seats, or deregister appliances that are no longer needed."));
            case POOL_OVERAGE -> Optional.of(new Alert("pool.overage:" + data.get("pool"), "More seats in use than licensed: " + pool,
                    "The pool's " + pool + " has " + use + ": more than the license files grant, since a file expired or was removed.\n"
                            + "Appliances keep their seats; new ones are refused until the use is within the license."));
            default -> Optional.empty();
        };
    }

    private void queue(Alert alert, Instant at) {
        if (settings.mail().isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(at);
        Timestamp quietFrom = Timestamp.from(at.minus(settings.mailQuiet()));
        // a key queued within the quiet period keeps its row as it is; an older one is queued again (assignments run
        // left to right, so queued_at is compared before it changes)
        em.createNativeQuery("INSERT INTO mail_alert (alert_key, queued_at, subject, body, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?2)"
                        + " ON DUPLICATE KEY UPDATE"
                        + " subject = IF(queued_at < ?5, VALUES(subject), subject), body = IF(queued_at < ?5, VALUES(body), body),"
                        + " sent_at = IF(queued_at < ?5, NULL, sent_at), attempts = IF(queued_at < ?5, 0, attempts),"
                        + " next_attempt_at = IF(queued_at < ?5, VALUES(next_attempt_at), next_attempt_at), last_error = IF(queued_at < ?5, NULL, last_error),"
                        + " queued_at = IF(queued_at < ?5, VALUES(queued_at), queued_at)")
                .setParameter(1, alert.key().length() > 200 ? alert.key().substring(0, 200) : alert.key())
                .setParameter(2, now)
                .setParameter(3, alert.subject().length() > 300 ? alert.subject().substring(0, 300) : alert.subject())
                .setParameter(4, alert.body())
                .setParameter(5, quietFrom)
                .executeUpdate();
    }
}
