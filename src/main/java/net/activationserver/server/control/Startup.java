package net.activationserver.server.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import net.activationserver.audit.entity.Actor;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.licensing.vendor.VendorTool;
import net.activationserver.network.control.PasswordCipher;
import net.activationserver.server.boundary.Bootstrap;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Start-up, in order: check the settings (a missing one stops the deployment with one line naming it),
 * migrate the schema with Flyway (sql/), have Hibernate validate it, then the first-start work.
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
    Licensing licensing;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        boolean demo = AslConfig.demo();
        checkSettings(demo);
        migrate();
        emf.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        Bootstrap.Resolved resolved = bootstrap.run(demo);
        keys.resolved(resolved.applianceKey(), resolved.vendorPublicKey(), resolved.demoVendorKey(), resolved.serverId(),
                resolved.consoleSecretKey().map(PasswordCipher::parseKey).orElse(null));
        if (resolved.consoleSecretKey().isEmpty()) {
            LOG.warning("No " + AslConfig.CONSOLE_SECRET_KEY + " (" + AslConfig.envName(AslConfig.CONSOLE_SECRET_KEY)
                    + ") is set: the console stores no appliance access passwords (addresses and ports are stored).");
        }
        if (demo) {
            installDemoLicense();
        }
        licensing.registerGauges();
        if (demo) {
            LOG.info(() -> "\n=== Activation Server demo profile ===\n"
                    + "Admin login: admin / " + resolved.createdAdminPassword().orElse("(set at first start; printed then)") + "\n"
                    + "Appliance key (asl.appliance.key for appliances and the agent): " + resolved.applianceKey() + "\n"
                    + "======================================");
        } else {
            resolved.createdAdminPassword().ifPresent(password -> {
                if (AslConfig.string(AslConfig.ADMIN_INITIAL_PASSWORD).isEmpty()) {
                    LOG.warning("Created admin account 'admin' with generated password " + password + " (shown once; change it).");
                } else {
                    LOG.info("Created admin account 'admin' with the password from asl.admin.initial-password.");
                }
            });
        }
        LOG.info(() -> "Activation Server started as node " + Node.name() + " of server " + resolved.serverId());
    }

    private static void checkSettings(boolean demo) {
        List<String> required = new ArrayList<>(List.of(AslConfig.DB_URL));
        if (!demo) {
            required.add(AslConfig.APPLIANCE_KEY);
            required.add(AslConfig.VENDOR_PUBLIC_KEY);
        }
        for (String key : required) {
            if (AslConfig.string(key).isEmpty()) {
                String message = "Missing required setting " + key + " (environment variable " + AslConfig.envName(key)
                        + "): the Activation Server cannot start.";
                LOG.severe(message);
                throw new IllegalStateException(message);
            }
        }
        try {
            AslConfig.heartbeatInterval();
            AslConfig.heartbeatTimeout();
            AslConfig.seatReleaseAfter();
            AslConfig.leaseGrace();
            AslConfig.sweepInterval();
            AslConfig.rateLimitPerSource();
            AslConfig.activationLanes();
            Https.check();
            AslConfig.string(AslConfig.VENDOR_PUBLIC_KEY).ifPresent(net.activationserver.licensing.entity.VendorKey::parsePublic);
        } catch (IllegalArgumentException e) {
            String message = "Setting " + AslConfig.VENDOR_PUBLIC_KEY + " (" + AslConfig.envName(AslConfig.VENDOR_PUBLIC_KEY) + ") " + e.getMessage()
                    + ": the Activation Server cannot start.";
            LOG.severe(message);
            throw new IllegalStateException(message);
        } catch (IllegalStateException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
        AslConfig.string(AslConfig.CONSOLE_SECRET_KEY).ifPresent(value -> {
            try {
                PasswordCipher.parseKey(value);
            } catch (IllegalArgumentException e) {
                String message = "Setting " + AslConfig.CONSOLE_SECRET_KEY + " (" + AslConfig.envName(AslConfig.CONSOLE_SECRET_KEY) + ") "
                        + e.getMessage() + ": the Activation Server cannot start.";
                LOG.severe(message);
                throw new IllegalStateException(message);
            }
        });
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

    private void installDemoLicense() {
        if (!licensing.entitlements().isEmpty() || keys.demoVendorKey().isEmpty()) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String payload = "{\"licenseId\":\"DEMO-0001\",\"customer\":\"Demo\",\"issuedAt\":\"" + now + "\",\"expiresAt\":\""
                + now.plus(Duration.ofDays(365)) + "\",\"instanceLimit\":25,\"types\":["
                + "{\"code\":\"VLM-MAX\",\"name\":\"VLM unlimited\",\"platforms\":" + ALL_PLATFORMS + ",\"seats\":20},"
                + "{\"code\":\"VLM-5000G\",\"name\":\"VLM 5 Gbps\",\"platforms\":" + ALL_PLATFORMS + ",\"seats\":10}]}";
        try {
            licensing.install(VendorTool.sign(keys.demoVendorKey().get().toJSONString(), payload), Actor.SYSTEM);
            LOG.info("Demo profile: installed license file DEMO-0001 (20 x VLM-MAX, 10 x VLM-5000G, instance limit 25).");
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Demo profile: could not install the demo license file", e);
        }
    }

    private static final String ALL_PLATFORMS = "[\"VMWARE\",\"HYPERV\",\"KVM\",\"XEN\",\"AZURE\",\"AWS\",\"GCP\",\"OCI\",\"NUTANIX\"]";

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
