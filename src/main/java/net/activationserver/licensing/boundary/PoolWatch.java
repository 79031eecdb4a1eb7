package net.activationserver.licensing.boundary;

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
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Retries;

/**
 * Every {@code asl.alerts.watch-interval} (default 10 s) on every node, each step idempotent: shrinks the pool when a
 * license file has expired, then reports what changed in the pool (levels, license files' ends) as events.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn("Startup") // the schema is migrated before the first run
@PermitAll
public class PoolWatch {

    public static final String INTERVAL = "asl.alerts.watch-interval";
    private static final Logger LOG = Logger.getLogger(PoolWatch.class.getName());

    @Resource
    TimerService timers;

    @Inject
    Licensing licensing;

    @Inject
    PoolAlarms alarms;

    @Inject
    AslConfig config;

    @PostConstruct
    void start() {
        schedule();
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void run(Timer timer) {
        try {
            if (Retries.retried(licensing::refreshIfExpired)) {
                LOG.info("A license file expired; the pool was rebuilt from the remaining files.");
            }
            Retries.retried(() -> alarms.check(Instant.now()));
        } catch (RuntimeException e) {
            LOG.log(Retries.metConflict(e) ? Level.FINE : Level.WARNING, "The pool watch failed this run: {0}", e.toString());
        } finally {
            schedule();
        }
    }

    private void schedule() {
        Duration interval = config.duration(INTERVAL, Duration.ofSeconds(10));
        timers.createSingleActionTimer(Math.max(100, interval.toMillis()), new TimerConfig(null, false));
    }
}
