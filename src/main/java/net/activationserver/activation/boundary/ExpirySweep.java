package net.activationserver.activation.boundary;

import net.activationserver.server.control.Retries;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import java.util.Map;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import net.activationserver.server.control.AslConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.activation.control.HeartbeatWriter;
import net.activationserver.activation.control.Staleness;

/**
 * The expiry timer, on every node: every {@code asl.sweep.interval} it flags silent instances STALE, releases the
 * seats of those STALE too long, and takes out of the pool the license files contributed by appliances that are gone or
 * silent for {@code asl.contribution.retain}. Each run schedules the next with the interval configured then, so a changed interval
 * applies from the next run. Nodes sweeping at the same moment are harmless (see {@link Staleness}).
 */
@Singleton
@Startup
@PermitAll
public class ExpirySweep {

    private static final Logger LOG = Logger.getLogger(ExpirySweep.class.getName());
    /**
     * Audit lines written, or instances released, per transaction: small enough that a Galera cluster certifies and
     * applies each write set without holding up the others' commits, large enough that a sweep of 100,000 is a few
     * dozen transactions. docs/DECISIONS.md, "Galera".
     */
    static final int CHUNK = 5_000;

    @Resource
    TimerService timers;

    @Inject
    Expiry expiry;

    @Inject
    HeartbeatWriter heartbeats;

    @Inject
    AslConfig config;

    @PostConstruct
    void start() {
        schedule();
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void sweep(Timer timer) {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Expiry sweep failed; it runs again at the next interval: {0}", e.toString());
        } finally {
            schedule();
        }
    }

    /** The sweep now, as the timer runs it, for an admin (POST /api/v1/admin/sweeps). @return how many of each */
    @RolesAllowed(Roles.ADMIN)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Map<String, Integer> runNow() {
        return run();
    }

    /**
     * Each step in a transaction of its own (Expiry): the transition to STALE (one row), the lines it calls for,
     * the releases, the contributions.
     */
    private Map<String, Integer> run() {
        heartbeats.flush(); // this node's heartbeats are in before the sweep looks
        Instant now = Instant.now();
        Retries.retried(() -> expiry.markStale(now));
        int stale = 0;
        Staleness.Chunk audited;
        do {
            audited = Retries.retried(() -> expiry.auditStale(now, CHUNK));
            stale += audited.lines();
        } while (audited.more());
        int released = chunked(() -> expiry.releaseStale(now, CHUNK));
        return Map.of("flaggedStale", stale, "released", released, "contributionsRemoved", expiry.expireContributions(now));
    }

    /** A step, chunk after chunk, each in a transaction of its own (run again on a write conflict), until one is not full. */
    private static int chunked(java.util.function.IntSupplier step) {
        int total = 0;
        int done;
        do {
            done = Retries.retried(step::getAsInt);
            total += done;
        } while (done == CHUNK);
        return total;
    }

    private void schedule() {
        Duration interval = config.sweepInterval();
        timers.createSingleActionTimer(Math.max(100, interval.toMillis()), new TimerConfig(null, false));
    }
}
