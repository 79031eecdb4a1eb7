package net.activationserver.server.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import jakarta.enterprise.event.Event;
import net.activationserver.server.entity.SettingsCheck;
import net.activationserver.server.entity.Starting;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.server.control.ServerKeys;
import net.activationserver.server.control.Https;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.DataSourceConfig;
import net.activationserver.server.control.Node;
import net.activationserver.server.control.Secrets;

/**
 * Start-up, in order: check the settings (a missing one stops the deployment with one line naming it): the server's
 * own (the secrets key included: {@link Secrets}), then each component's ({@link SettingsCheck}); migrate the schema with Flyway (sql/), have Hibernate validate it;
 * then the first-start work: the server's id and appliance key, then each component's ({@link Starting}).
 */
@Singleton
@jakarta.ejb.Startup
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(60);

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @PersistenceUnit(unitName = "asl")
    EntityManagerFactory emf;

    @Inject
    Bootstrap bootstrap;

    @Inject
    ServerKeys keys;

    @Inject
    Event<SettingsCheck> settingsCheck;

    @Inject
    Event<Starting> starting;

    @Inject
    AslConfig config;

    @Inject
    Https https;

    @Inject
    Node node;

    @Inject
    Secrets secrets;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        boolean demo = config.demo();
        try {
            checkSettings(demo);
            settingsCheck.fire(new SettingsCheck(demo));
        } catch (IllegalStateException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
        migrate();
        emf.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        Bootstrap.Resolved resolved;
        Starting started = new Starting(demo);
        try {
            resolved = bootstrap.run();
            keys.resolved(resolved.applianceKey(), resolved.serverId());
            starting.fire(started);
        } catch (RuntimeException e) {
            // a component's one line that stops the start (e.g. stored secrets another key sealed), without its trace
            cannotStart(e).ifPresent(LOG::severe);
            throw e;
        }
        if (demo) {
            LOG.info(() -> "\n=== Activation Server demo profile ===\n"
                    + started.announcements().stream().map(line -> line + "\n").collect(java.util.stream.Collectors.joining())
                    + "Appliance key (asl.appliance.key for appliances and the agent): " + resolved.applianceKey() + "\n"
                    + "======================================");
        }
        LOG.info(() -> "Activation Server started as node " + node.name() + " of server " + resolved.serverId());
    }

    /** The one line a start-up step threw to stop the start, if it was that (possibly wrapped by a transaction or an EJB). */
    private static java.util.Optional<String> cannotStart(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalStateException && cause.getMessage() != null
                    && cause.getMessage().endsWith("the Activation Server cannot start.")) {
                return java.util.Optional.of(cause.getMessage());
            }
        }
        return java.util.Optional.empty();
    }

    /** The server's own settings; each component checks its own ({@link SettingsCheck}). */
    private void checkSettings(boolean demo) {
        List<String> required = new ArrayList<>(List.of(AslConfig.DB_URL));
        if (!demo) {
            required.add(AslConfig.APPLIANCE_KEY);
        }
        for (String key : required) {
            if (config.string(key).isEmpty()) {
                throw AslConfig.missing(key);
            }
        }
        if (!demo) {
            AslConfig.weakApplianceKey(config.string(AslConfig.APPLIANCE_KEY).orElseThrow())
                    .ifPresent(problem -> {
                        throw AslConfig.cannotStart(AslConfig.APPLIANCE_KEY, problem);
                    });
        }
        secrets.check(demo);
        config.heartbeatInterval();
        config.heartbeatTimeout();
        config.seatReleaseAfter();
        config.leaseGrace();
        config.sweepInterval();
        config.rateLimitPerSource();
        config.activationsPerSource();
        config.takeoverOnlyWhenSilent();
        config.activationLanes();
        https.check();
    }

    /** Applies sql/ migrations; waits up to a minute for a database that is still starting. */
    private void migrate() {
        Instant giveUp = Instant.now().plus(DATABASE_WAIT);
        while (true) {
            try {
                Flyway.configure(getClass().getClassLoader())
                        .dataSource(dataSource)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(giveUp) || !isConnectionFailure(e)) {
                    LOG.log(Level.SEVERE, "Database migration failed: the Activation Server cannot start. " + e.getMessage());
                    throw e;
                }
                LOG.warning("The database is not reachable yet (" + rootMessage(e) + "); retrying.");
                sleep();
            }
        }
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException || cause instanceof java.sql.SQLNonTransientConnectionException
                    || cause instanceof jakarta.resource.ResourceException || cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database");
        }
    }
}
