package net.activationserver.events.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.events.control.EventLog;
import net.activationserver.events.control.EventSettings;
import net.activationserver.events.control.Outbox;
import net.activationserver.events.control.WebhookClient;
import net.activationserver.events.entity.StoredEvent;
import net.activationserver.events.entity.WebhookEndpoint;
import net.activationserver.server.control.Secrets;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.Notice;
import net.activationserver.server.entity.Roles;
import net.activationserver.server.entity.Upkeep;

/**
 * The webhooks facade: endpoints added, listed, tested and deleted by admins, the events they may read, and the
 * delivery steps of the node's event timer ({@link EventSender}), each a transaction of its own.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
public class Webhooks {

    private static final Logger LOG = Logger.getLogger(Webhooks.class.getName());
    /** Rows deleted per statement by the retention, so that a first purge is many small transactions. */
    static final int PURGE_CHUNK = 5_000;
    /** The longest wait between two attempts to send an e-mail alert. */
    static final Duration MAIL_RETRY_MAX = Duration.ofHours(1);

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    EventLog events;

    @Inject
    Outbox outbox;

    @Inject
    Secrets secrets;

    @Inject
    EventSettings settings;

    @Inject
    AuditLog audit;

    @Inject
    Event<Notice> notices;

    @RolesAllowed(Roles.ADMIN)
    public WebhookView create(String url, String description, List<String> types, Actor admin) {
        Instant now = Instant.now();
        String id = WebhookEndpoint.newId();
        String secret = WebhookEndpoint.newSecret();
        WebhookEndpoint endpoint = new WebhookEndpoint(id, url, description, types, secrets.seal(secret, context(id)), admin.name(), now);
        em.persist(endpoint);
        audit.record(now, admin, null, "Webhook endpoint " + endpoint.url() + " added for " + String.join(", ", endpoint.events()));
        LOG.info(() -> "Webhook endpoint " + id + " (" + endpoint.url() + ") added by " + admin.name());
        return view(endpoint, secret);
    }

    public List<WebhookView> endpoints() {
        return em.createQuery("SELECT w FROM WebhookEndpoint w ORDER BY w.createdAt, w.id", WebhookEndpoint.class).getResultList().stream()
                .map(endpoint -> view(endpoint, null)).toList();
    }

    public WebhookView endpoint(String id) {
        return view(find(id), null);
    }

    @RolesAllowed(Roles.ADMIN)
    public void delete(String id, Actor admin) {
        WebhookEndpoint endpoint = find(id);
        outbox.forget(id);
        em.remove(endpoint);
        audit.record(Instant.now(), admin, null, "Webhook endpoint " + endpoint.url() + " deleted");
    }

    /** Queues a {@code webhook.test} event for this endpoint only. @return its event id */
    @RolesAllowed(Roles.ADMIN)
    public String test(String id, Actor admin) {
        WebhookEndpoint endpoint = find(id);
        return events.recordFor(endpoint.id(), Notice.of(Notice.Type.WEBHOOK_TEST, Instant.now(),
                Map.of("endpointId", endpoint.id(), "requestedBy", admin.name()))).id();
    }

    public List<Outbox.DeliveryRow> deliveries(String id, int limit) {
        find(id);
        return outbox.deliveries(id, limit);
    }

    public List<StoredEvent> events(long afterSeq, String type, int limit) {
        return events.after(afterSeq, type, limit);
    }

    // ---- the event timer's steps (EventSender), each in a transaction of its own

    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<String> dueEndpoints(Instant now, int limit) {
        return outbox.dueEndpoints(now, limit);
    }

    /** The next delivery of an endpoint, due now: to send by this node, which holds the endpoint's claim. */
    public record Next(String endpointId, String url, String secret, StoredEvent event, int attempts) {
        @Override
        public String toString() {
            return "delivery of " + event.id() + " to " + url; // never the secret
        }
    }

    /** Claims the endpoint (or renews this node's claim) and gives its oldest pending delivery, if it is due. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Next> next(String endpointId, Instant now) {
        WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, endpointId);
        if (endpoint == null || !endpoint.enabled() || !outbox.claim(endpointId, now)) {
            return Optional.empty();
        }
        return outbox.head(endpointId).filter(head -> !head.nextAttemptAt().isAfter(now)).map(head -> new Next(endpointId, endpoint.url(),
                secrets.open(endpoint.sealedSecret(), context(endpointId)), events.bySeq(head.eventSeq()), head.attempts()));
    }

    /** What the attempt gave; an endpoint failing every delivery for {@code asl.webhooks.disable-after} is disabled. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void attempted(Next next, WebhookClient.Outcome outcome, Instant now) {
        if (outcome.delivered()) {
            outbox.delivered(next.endpointId(), next.event().seq(), outcome.status(), now);
            return;
        }
        Instant retry = now.plus(WebhookClient.backoff(settings.retryBase(), next.attempts() + 1));
        Instant failingSince = outbox.failed(next.endpointId(), next.event().seq(), outcome.status(), outcome.error(), now, retry);
        if (failingSince != null && !failingSince.plus(settings.disableAfter()).isAfter(now)) {
            WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, next.endpointId());
            String reason = "every delivery failed since " + failingSince + "; last: " + outcome.error();
            endpoint.disable(now, reason);
            outbox.abandon(endpoint.id());
            audit.record(now, Actor.SYSTEM, null, "Webhook endpoint " + endpoint.url() + " disabled: " + reason);
            notices.fire(Notice.of(Notice.Type.WEBHOOK_DISABLED, now, Map.of("endpointId", endpoint.id(), "url", endpoint.url(),
                    "failingSince", failingSince.toString(), "lastError", outcome.error())));
            LOG.warning(() -> "Webhook endpoint " + endpoint.id() + " (" + endpoint.url() + ") disabled: " + reason);
        }
    }

    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void release(String endpointId, Instant now) {
        outbox.release(endpointId, now);
    }

    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<String> dueMails(Instant now) {
        return outbox.dueMails(now, 20);
    }

    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Outbox.QueuedMail> claimMail(String key, Instant now) {
        return outbox.claimMail(key, now);
    }

    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void mailSent(String key, Instant now) {
        outbox.mailSent(key, now);
    }

    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void mailFailed(Outbox.QueuedMail mail, String error, Instant now) {
        Duration wait = WebhookClient.backoff(settings.retryBase(), mail.attempts() + 1);
        outbox.mailFailed(mail.key(), error, now.plus(wait.compareTo(MAIL_RETRY_MAX) > 0 ? MAIL_RETRY_MAX : wait));
    }

    /** Every minute on every node: events past {@code asl.events.retain} that no delivery waits for, and finished deliveries. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void purge(@ObservesAsync Upkeep upkeep) {
        Instant cutoff = upkeep.at().minus(settings.retain());
        outbox.forgetDoneBefore(cutoff, PURGE_CHUNK);
        events.forgetBefore(cutoff, PURGE_CHUNK);
    }

    private WebhookEndpoint find(String id) {
        WebhookEndpoint endpoint = id == null ? null : em.find(WebhookEndpoint.class, id);
        if (endpoint == null) {
            throw new UnknownWebhookException(id);
        }
        return endpoint;
    }

    private WebhookView view(WebhookEndpoint endpoint, String secret) {
        Outbox.Lane lane = outbox.lane(endpoint.id());
        return new WebhookView(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.events(), endpoint.enabled(),
                endpoint.disabledAt() == null ? null : endpoint.disabledAt().toString(), endpoint.disabledReason(),
                endpoint.createdAt().toString(), endpoint.createdBy(), lane.failingSince() == null ? null : lane.failingSince().toString(),
                lane.pending(), secret);
    }

    private static String context(String endpointId) {
        return "webhook_endpoint:" + endpointId;
    }
}
