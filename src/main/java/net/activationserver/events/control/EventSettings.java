package net.activationserver.events.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.activationserver.server.control.AslConfig;

/** The events' settings (README, "Configuration"), read at each use like every {@code asl.*} setting. */
@ApplicationScoped
public class EventSettings {

    public static final String RETRY_BASE = "asl.webhooks.retry-base";
    public static final String DISABLE_AFTER = "asl.webhooks.disable-after";
    public static final String POLL = "asl.webhooks.poll";
    public static final String RETAIN = "asl.events.retain";
    public static final String MAIL_HOST = "asl.mail.host";
    public static final String MAIL_PORT = "asl.mail.port";
    public static final String MAIL_TLS = "asl.mail.tls";
    public static final String MAIL_USERNAME = "asl.mail.username";
    public static final String MAIL_PASSWORD = "asl.mail.password";
    public static final String MAIL_FROM = "asl.mail.from";
    public static final String MAIL_TO = "asl.mail.to";
    public static final String MAIL_QUIET = "asl.mail.quiet";
    public static final String STALE_SURGE = "asl.alerts.stale-surge";
    public static final String SYSLOG_HOST = "asl.syslog.host";
    public static final String SYSLOG_PORT = "asl.syslog.port";
    public static final String SYSLOG_TRANSPORT = "asl.syslog.transport";
    public static final String SYSLOG_CA_FILE = "asl.syslog.ca-file";

    @Inject
    AslConfig config;

    /** The first wait after a failed delivery; it doubles with each failure, up to a day. */
    public Duration retryBase() {
        return positive(RETRY_BASE, Duration.ofSeconds(5));
    }

    /** How long an endpoint may fail every delivery before it is disabled. */
    public Duration disableAfter() {
        return positive(DISABLE_AFTER, Duration.ofDays(3));
    }

    /** How often each node looks for deliveries, mails and syslog lines to send. */
    public Duration poll() {
        return positive(POLL, Duration.ofSeconds(1));
    }

    public Duration retain() {
        return positive(RETAIN, Duration.ofDays(30));
    }

    /** SMTP, when a host and recipients are set. */
    public Optional<Mail> mail() {
        Optional<String> host = config.string(MAIL_HOST);
        List<String> to = config.string(MAIL_TO).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        if (host.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        String tls = config.string(MAIL_TLS).orElse("starttls");
        if (!List.of("none", "starttls", "tls").contains(tls)) {
            throw AslConfig.cannotStart(MAIL_TLS, "must be none, starttls or tls, not " + tls);
        }
        int port = config.integer(MAIL_PORT, tls.equals("tls") ? 465 : tls.equals("starttls") ? 587 : 25);
        return Optional.of(new Mail(host.get(), port, tls, config.string(MAIL_USERNAME).orElse(null), config.string(MAIL_PASSWORD).orElse(null),
                config.string(MAIL_FROM).orElse("activation-server@" + host.get()), to));
    }

    /** @param password never logged */
    public record Mail(String host, int port, String tls, String username, String password, String from, List<String> to) {
        @Override
        public String toString() {
            return "smtp " + host + ":" + port + " (" + tls + ") to " + to;
        }
    }

    /** One mail per incident: another of the same within this time is not sent. */
    public Duration mailQuiet() {
        return positive(MAIL_QUIET, Duration.ofHours(1));
    }

    /** Instances turned STALE by one sweep from which an e-mail alert is sent. */
    public int staleSurge() {
        int surge = config.integer(STALE_SURGE, 10);
        if (surge < 1) {
            throw AslConfig.cannotStart(STALE_SURGE, "must be 1 or more: " + surge);
        }
        return surge;
    }

    /** Syslog, when a host is set. */
    public Optional<Syslog> syslog() {
        return config.string(SYSLOG_HOST).map(host -> {
            String transport = config.string(SYSLOG_TRANSPORT).orElse("udp");
            if (!List.of("udp", "tcp", "tls").contains(transport)) {
                throw AslConfig.cannotStart(SYSLOG_TRANSPORT, "must be udp, tcp or tls, not " + transport);
            }
            return new Syslog(host, config.integer(SYSLOG_PORT, transport.equals("tls") ? 6514 : 514), transport,
                    config.string(SYSLOG_CA_FILE).orElse(null));
        });
    }

    public record Syslog(String host, int port, String transport, String caFile) {
    }

    private Duration positive(String key, Duration fallback) {
        Duration value = config.duration(key, fallback);
        if (value.isNegative() || value.isZero()) {
            throw AslConfig.cannotStart(key, "must be a positive duration: " + value);
        }
        return value;
    }
}
