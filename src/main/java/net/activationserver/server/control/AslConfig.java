package net.activationserver.server.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Typed access to the asl.* settings of API.md, injected where a setting is read. Values are read from MicroProfile
 * Config at each use, so a config source that changes at run time is honoured without a restart. The key names and the
 * messages naming a setting are static: they read nothing.
 */
@ApplicationScoped
public class AslConfig {

    public static final String DB_URL = "asl.db.url";
    public static final String APPLIANCE_KEY = "asl.appliance.key";
    public static final String HEARTBEAT_INTERVAL = "asl.heartbeat.interval";
    public static final String HEARTBEAT_TIMEOUT = "asl.heartbeat.timeout";
    public static final String SEAT_RELEASE_AFTER = "asl.seat.release-after";
    public static final String LEASE_GRACE = "asl.lease.grace";
    public static final String SWEEP_INTERVAL = "asl.sweep.interval";
    public static final String VENDOR_PUBLIC_KEY = "asl.vendor.public-key";
    public static final String ADMIN_INITIAL_PASSWORD = "asl.admin.initial-password";
    public static final String CONTRIBUTION_RETAIN = "asl.contribution.retain";
    public static final String RATE_LIMIT_PER_SOURCE = "asl.rate-limit.per-source";
    public static final String DEMO = "asl.demo";
    public static final String NODE_NAME = "asl.node.name";
    public static final String NODE_ADDRESS = "asl.node.address";
    public static final String NODE_REFRESH = "asl.node.refresh";
    public static final String SERVER_ID = "asl.server.id";
    /** Encrypts every secret the server stores (lease signing keys, access passwords, the demo's keys): {@link Secrets}. */
    public static final String SECRETS_KEY = "asl.secrets.key";
    /** The older name of {@link #SECRETS_KEY} (it encrypted only the appliance access passwords then); still accepted. */
    public static final String CONSOLE_SECRET_KEY = "asl.console.secret-key";
    /** The shortest appliance key accepted outside the demo profile. */
    public static final int APPLIANCE_KEY_MIN_LENGTH = 32;
    public static final String ACTIVATION_LANES = "asl.activation.lanes";
    public static final String ROLLUP_AFTER = "asl.metering.rollup-after";
    public static final String ACTIVATION_TAKEOVER = "asl.activation.takeover";
    public static final String ACTIVATION_RATE_LIMIT = "asl.rate-limit.activations-per-source";
    /** The share of a license type's seats (or of the instance limit) in use, in percent, from which the console warns. */
    public static final String ALERT_THRESHOLD_PERCENT = "asl.alerts.threshold-percent";
    public static final int DEFAULT_ALERT_THRESHOLD_PERCENT = 90;
    /** Activations one source address may ask one node for in a minute, by default: well above an honest fleet's. */
    public static final int DEFAULT_ACTIVATIONS_PER_SOURCE = 120;

    /** The application's MicroProfile Config, read at each use. */
    @Inject
    Config config;

    /** The one line that stops the start for a missing setting. */
    public static IllegalStateException missing(String key) {
        return new IllegalStateException("Missing required setting " + key + " (environment variable " + envName(key)
                + "): the Activation Server cannot start.");
    }

    /** The one line that stops the start for a bad setting: {@code Setting KEY (ENV) PROBLEM: the Activation Server cannot start.} */
    public static IllegalStateException cannotStart(String key, String problem) {
        return new IllegalStateException("Setting " + key + " (" + envName(key) + ") " + problem + ": the Activation Server cannot start.");
    }

    /**
     * Why an appliance key is too weak for production, if it is: shorter than {@value #APPLIANCE_KEY_MIN_LENGTH}
     * characters, or the documentation's placeholder ({@code change-me...}, payara-config/node.env.example). The
     * message never repeats the value.
     */
    public static Optional<String> weakApplianceKey(String value) {
        String key = value == null ? "" : value.strip();
        if (key.toLowerCase(java.util.Locale.ROOT).startsWith("change-me")) {
            return Optional.of("is the documentation's example value (change-me...): set a random key of at least "
                    + APPLIANCE_KEY_MIN_LENGTH + " characters, e.g. openssl rand -base64 32");
        }
        if (key.length() < APPLIANCE_KEY_MIN_LENGTH) {
            return Optional.of("is shorter than " + APPLIANCE_KEY_MIN_LENGTH + " characters (" + key.length()
                    + "): set a random key of at least " + APPLIANCE_KEY_MIN_LENGTH + " characters, e.g. openssl rand -base64 32");
        }
        return Optional.empty();
    }

    public Optional<String> string(String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    public boolean demo() {
        return string(DEMO).map(Boolean::parseBoolean).orElse(false);
    }

    public Duration duration(String key, Duration fallback) {
        return string(key).map(value -> {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("Setting " + key + " (" + envName(key) + ") is not an ISO-8601 duration such as PT60S or P30D: " + value);
            }
        }).orElse(fallback);
    }

    public int integer(String key, int fallback) {
        return string(key).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Setting " + key + " (" + envName(key) + ") is not a whole number: " + value);
            }
        }).orElse(fallback);
    }

    /**
     * Activation transactions one node runs at once; the activations arriving meanwhile wait and run as one batch. By
     * default one per processor, at least two: a batch is mostly work for the CPU (of this node and the database's), and
     * fewer lanes make larger batches (docs/BENCHMARKS.md: 2 lanes against 4 on 2 cores, 410 against 331 activations/s).
     */
    public int activationLanes() {
        int lanes = integer(ACTIVATION_LANES, Math.max(2, Runtime.getRuntime().availableProcessors()));
        if (lanes < 1) {
            throw new IllegalStateException("Setting " + ACTIVATION_LANES + " (" + envName(ACTIVATION_LANES) + ") must be at least 1: " + lanes);
        }
        return lanes;
    }

    public Duration heartbeatInterval() {
        return duration(HEARTBEAT_INTERVAL, Duration.ofSeconds(60));
    }

    public Duration heartbeatTimeout() {
        return duration(HEARTBEAT_TIMEOUT, Duration.ofMinutes(3));
    }

    public Duration seatReleaseAfter() {
        return duration(SEAT_RELEASE_AFTER, Duration.ofDays(30));
    }

    /**
     * How long after a UTC day ends its MELA rollup may be written: longer than any transaction lasts and than the
     * nodes' clocks differ. At least five minutes (a shorter setting counts as five minutes).
     */
    public Duration rollupAfter() {
        Duration configured = duration(ROLLUP_AFTER, Duration.ofHours(1));
        return configured.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofMinutes(5) : configured;
    }

    public Duration leaseGrace() {
        return duration(LEASE_GRACE, Duration.ofDays(30));
    }

    public Duration sweepInterval() {
        return duration(SWEEP_INTERVAL, Duration.ofSeconds(15));
    }

    /** How often each node refreshes its row in {@code node}; a node unseen for three periods is shown DOWN. */
    public Duration nodeRefresh() {
        return duration(NODE_REFRESH, Duration.ofSeconds(15));
    }

    public Duration contributionRetain() {
        return duration(CONTRIBUTION_RETAIN, Duration.ofDays(30));
    }

    public int rateLimitPerSource() {
        return integer(RATE_LIMIT_PER_SOURCE, 0);
    }

    /** {@link #ALERT_THRESHOLD_PERCENT}: a whole number from 1 to 100, default 90. */
    public int alertThresholdPercent() {
        int percent = integer(ALERT_THRESHOLD_PERCENT, DEFAULT_ALERT_THRESHOLD_PERCENT);
        if (percent < 1 || percent > 100) {
            throw new IllegalStateException("Setting " + ALERT_THRESHOLD_PERCENT + " (" + envName(ALERT_THRESHOLD_PERCENT)
                    + ") must be a whole number from 1 to 100: " + percent);
        }
        return percent;
    }

    /** Activation calls per source address per minute on one node (0: no limit). */
    public int activationsPerSource() {
        int limit = integer(ACTIVATION_RATE_LIMIT, DEFAULT_ACTIVATIONS_PER_SOURCE);
        if (limit < 0) {
            throw cannotStart(ACTIVATION_RATE_LIMIT, "must be 0 (no limit) or more: " + limit);
        }
        return limit;
    }

    /**
     * Whether a re-activation may take over a MAC whose instance is still heartbeating: {@code allow} (the default, as
     * API.md describes re-activation), or {@code when-silent}: only once it has been silent for the heartbeat timeout.
     */
    public boolean takeoverOnlyWhenSilent() {
        String value = string(ACTIVATION_TAKEOVER).orElse("allow");
        return switch (value) {
            case "allow" -> false;
            case "when-silent" -> true;
            default -> throw cannotStart(ACTIVATION_TAKEOVER, "must be allow or when-silent, not " + value);
        };
    }

    /** The environment variable MicroProfile Config maps to a key, for messages to operators. */
    public static String envName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }
}
