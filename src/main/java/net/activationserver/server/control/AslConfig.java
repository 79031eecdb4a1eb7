package net.activationserver.server.control;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Typed access to the asl.* settings of API.md. Values are read from MicroProfile Config at each use,
 * so a config source that changes at run time is honoured without a restart.
 */
public final class AslConfig {

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
    /** Encrypts appliance access passwords (networks); without it the console stores no passwords. */
    public static final String CONSOLE_SECRET_KEY = "asl.console.secret-key";
    public static final String ACTIVATION_LANES = "asl.activation.lanes";
    public static final String ROLLUP_AFTER = "asl.metering.rollup-after";

    private AslConfig() {
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }

    /** The one line that stops the start for a missing setting. */
    public static IllegalStateException missing(String key) {
        return new IllegalStateException("Missing required setting " + key + " (environment variable " + envName(key)
                + "): the Activation Server cannot start.");
    }

    /** The one line that stops the start for a bad setting: {@code Setting KEY (ENV) PROBLEM: the Activation Server cannot start.} */
    public static IllegalStateException cannotStart(String key, String problem) {
        return new IllegalStateException("Setting " + key + " (" + envName(key) + ") " + problem + ": the Activation Server cannot start.");
    }

    public static Optional<String> string(String key) {
        return config().getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    public static boolean demo() {
        return string(DEMO).map(Boolean::parseBoolean).orElse(false);
    }

    public static Duration duration(String key, Duration fallback) {
        return string(key).map(value -> {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("Setting " + key + " (" + envName(key) + ") is not an ISO-8601 duration such as PT60S or P30D: " + value);
            }
        }).orElse(fallback);
    }

    public static int integer(String key, int fallback) {
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
    public static int activationLanes() {
        int lanes = integer(ACTIVATION_LANES, Math.max(2, Runtime.getRuntime().availableProcessors()));
        if (lanes < 1) {
            throw new IllegalStateException("Setting " + ACTIVATION_LANES + " (" + envName(ACTIVATION_LANES) + ") must be at least 1: " + lanes);
        }
        return lanes;
    }

    public static Duration heartbeatInterval() {
        return duration(HEARTBEAT_INTERVAL, Duration.ofSeconds(60));
    }

    public static Duration heartbeatTimeout() {
        return duration(HEARTBEAT_TIMEOUT, Duration.ofMinutes(3));
    }

    public static Duration seatReleaseAfter() {
        return duration(SEAT_RELEASE_AFTER, Duration.ofDays(30));
    }

    /**
     * How long after a UTC day ends its MELA rollup may be written: longer than any transaction lasts and than the
     * nodes' clocks differ. At least five minutes (a shorter setting counts as five minutes).
     */
    public static Duration rollupAfter() {
        Duration configured = duration(ROLLUP_AFTER, Duration.ofHours(1));
        return configured.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofMinutes(5) : configured;
    }

    public static Duration leaseGrace() {
        return duration(LEASE_GRACE, Duration.ofDays(30));
    }

    public static Duration sweepInterval() {
        return duration(SWEEP_INTERVAL, Duration.ofSeconds(15));
    }

    /** How often each node refreshes its row in {@code node}; a node unseen for three periods is shown DOWN. */
    public static Duration nodeRefresh() {
        return duration(NODE_REFRESH, Duration.ofSeconds(15));
    }

    public static Duration contributionRetain() {
        return duration(CONTRIBUTION_RETAIN, Duration.ofDays(30));
    }

    public static int rateLimitPerSource() {
        return integer(RATE_LIMIT_PER_SOURCE, 0);
    }

    /** The environment variable MicroProfile Config maps to a key, for messages to operators. */
    public static String envName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }
}
