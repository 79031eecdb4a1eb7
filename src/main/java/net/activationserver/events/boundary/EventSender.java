package net.activationserver.events.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.events.control.EventSettings;
import net.activationserver.events.control.Mailer;
import net.activationserver.events.control.Outbox;
import net.activationserver.events.control.Syslog;
import net.activationserver.events.control.WebhookClient;
import net.activationserver.server.control.Retries;

/**
 * The event timer, on every node, every {@code asl.webhooks.poll}: sends the webhook deliveries that are due (per
 * endpoint one at a time, in event order, by the node that holds the endpoint's claim), the e-mail alerts queued, and
 * the syslog lines waiting. No HTTP call or SMTP session runs inside a database transaction.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn("Startup") // the schema is migrated before the first run
@PermitAll
public class EventSender {

    private static final Logger LOG = Logger.getLogger(EventSender.class.getName());
    /** Endpoints looked at per run. */
    static final int ENDPOINTS = 50;
    /** How long one run may spend on one endpoint before it gives the others their turn (the claim outlives it). */
    static final Duration PER_ENDPOINT = Duration.ofSeconds(10);

    @Resource
    TimerService timers;

    @Inject
    Webhooks webhooks;

    @Inject
    WebhookClient client;

    @Inject
    Mailer mailer;

    @Inject
    Syslog syslog;

    @Inject
    EventSettings settings;

    @PostConstruct
    void start() {
        schedule();
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void run(Timer timer) {
        try {
            for (String endpoint : webhooks.dueEndpoints(Instant.now(), ENDPOINTS)) {
                deliver(endpoint);
            }
        } catch (RuntimeException e) {
            LOG.log(Retries.metConflict(e) ? Level.FINE : Level.WARNING, "Webhook deliveries failed this run: {0}", e.toString());
        }
        try {
            mail();
        } catch (RuntimeException e) {
            LOG.log(Retries.metConflict(e) ? Level.FINE : Level.WARNING, "E-mail alerts failed this run: {0}", e.toString());
        }
        try {
            syslog.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Syslog failed this run: {0}", e.toString());
        } finally {
            schedule();
        }
    }

    /** An endpoint's due deliveries in order, until one fails (it waits for its retry, and those after it with it). */
    private void deliver(String endpoint) {
        Instant until = Instant.now().plus(PER_ENDPOINT);
        try {
            Optional<Webhooks.Next> next;
            while (Instant.now().isBefore(until) && (next = webhooks.next(endpoint, Instant.now())).isPresent()) {
                Webhooks.Next delivery = next.get();
                WebhookClient.Outcome outcome = client.send(delivery.url(), delivery.secret(), delivery.event(), Instant.now());
                Retries.retried(() -> webhooks.attempted(delivery, outcome, Instant.now()));
                if (!outcome.delivered()) {
                    LOG.fine(() -> "Webhook " + delivery + " failed: " + outcome.error());
                    break;
                }
            }
        } finally {
            webhooks.release(endpoint, Instant.now());
        }
    }

    private void mail() {
        Optional<EventSettings.Mail> server = settings.mail();
        if (server.isEmpty()) {
            return;
        }
        for (String key : webhooks.dueMails(Instant.now())) {
            Optional<Outbox.QueuedMail> claimed = webhooks.claimMail(key, Instant.now());
            if (claimed.isEmpty()) {
                continue;
            }
            Outbox.QueuedMail mail = claimed.get();
            try {
                mailer.send(server.get(), mail.subject(), mail.body(), Instant.now());
                webhooks.mailSent(key, Instant.now());
                LOG.info(() -> "E-mail alert sent to " + server.get().to() + ": " + mail.subject());
            } catch (jakarta.mail.MessagingException | RuntimeException e) {
                LOG.log(Level.WARNING, "E-mail alert \"{0}\" could not be sent through {1}; it is tried again later: {2}",
                        new Object[]{mail.subject(), server.get(), e.toString()});
                webhooks.mailFailed(mail, e.toString(), Instant.now());
            }
        }
    }

    private void schedule() {
        timers.createSingleActionTimer(Math.max(100, settings.poll().toMillis()), new TimerConfig(null, false));
    }
}
