package net.activationserver.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import net.activationserver.licensing.vendor.VendorTool;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the integration tests share: the deployment, signed license files, MACs, a clean pool, and SQL checks. */
public final class Fixtures {

    private static final AtomicLong MACS = new AtomicLong(System.nanoTime() & 0xFFFFFFL);

    private Fixtures() {
    }

    /** The packaged WAR, deployed at the context root "/" as in production. */
    public static WebArchive war() {
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("it.war", "target/activation-server.war")))
                .as(WebArchive.class);
    }

    /** The runtime the integration tests run on: {@code payara-micro} (default) or {@code wildfly} (pom.xml's executions). */
    public static String runtime() {
        return System.getProperty("it.runtime", "payara-micro");
    }

    /**
     * Where MicroProfile Health answers: the application's own port on Payara, WildFly's management interface on WildFly
     * (its port moved by the tests' {@code wildfly.port-offset}).
     */
    public static java.net.URI healthBase(java.net.URL application) {
        try {
            if ("wildfly".equals(runtime())) {
                return WildFlyProcess.managementBase(Integer.getInteger("wildfly.port-offset", 0));
            }
            return application.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A license file signed with the test vendor key (src/test/resources/vendor), made with the project's vendor tool. */
    public static String licenseFile(String licenseId, int instanceLimit, Instant expiresAt, String... typeSeats) {
        StringBuilder types = new StringBuilder();
        for (int i = 0; i < typeSeats.length; i += 2) {
            if (i > 0) {
                types.append(',');
            }
            types.append("{\"code\":\"").append(typeSeats[i]).append("\",\"name\":\"").append(typeSeats[i]).append(" test\",")
                    .append("\"platforms\":[\"VMWARE\",\"KVM\"],\"seats\":").append(typeSeats[i + 1]).append('}');
        }
        String payload = "{\"licenseId\":\"" + licenseId + "\",\"customer\":\"IT Corp\",\"issuedAt\":\""
                + Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\",\"expiresAt\":\""
                + expiresAt.truncatedTo(ChronoUnit.SECONDS) + "\",\"instanceLimit\":" + instanceLimit + ",\"types\":[" + types + "]}";
        return sign(payload);
    }

    public static String licenseFile(String licenseId, int instanceLimit, String... typeSeats) {
        return licenseFile(licenseId, instanceLimit, Instant.now().plus(365, ChronoUnit.DAYS), typeSeats);
    }

    /** Signs any payload with the test vendor key, skipping the vendor tool's checks (to make well-signed bad files). */
    public static String signUnchecked(String payload) {
        try {
            com.nimbusds.jose.jwk.OctetKeyPair key = com.nimbusds.jose.jwk.OctetKeyPair.parse(
                    Files.readString(Path.of("src/test/resources/vendor/vendor-private.jwk")));
            com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
                    new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.EdDSA), new com.nimbusds.jose.Payload(payload));
            jws.sign(net.activationserver.licensing.entity.Ed25519.signer(key));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String payload) {
        try {
            return VendorTool.sign(Files.readString(Path.of("src/test/resources/vendor/vendor-private.jwk")), payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh locally administered unicast MAC, in a given spelling. */
    public static String mac() {
        long n = MACS.incrementAndGet();
        return String.format(Locale.ROOT, "02:AB:%02X:%02X:%02X:%02X", (n >> 24) & 0xFF, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF);
    }

    /** A unique license type code for one test, so tests never share seats. */
    public static String typeCode(String prefix) {
        return (prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36)).toUpperCase(Locale.ROOT);
    }

    public static String activation(String mac, String licenseType) {
        return "{\"mac\":\"" + mac + "\",\"platform\":\"VMWARE\",\"hostname\":\"lm-it\",\"licenseType\":\"" + licenseType + "\",\"build\":\"7.2.59.0\"}";
    }

    /** Removes every license file and deregisters every instance, so a test starts from an empty pool. */
    public static void emptyPool(Http http) {
        for (JsonValue value : http.admin("GET", "api/v1/admin/entitlements", null, null).array()) {
            String id = ((JsonObject) value).getString("licenseId");
            assertEquals(204, http.admin("DELETE", "api/v1/admin/entitlements/" + id, null, null).status());
        }
        for (JsonValue value : http.admin("GET", "api/v1/admin/instances?status=ACTIVE&limit=1000", null, null).array()) {
            http.admin("DELETE", "api/v1/admin/instances/" + ((JsonObject) value).getString("id"), null, null);
        }
        for (JsonValue value : http.admin("GET", "api/v1/admin/instances?status=STALE&limit=1000", null, null).array()) {
            http.admin("DELETE", "api/v1/admin/instances/" + ((JsonObject) value).getString("id"), null, null);
        }
    }

    /** Creates an empty database next to the test database and returns its JDBC URL. */
    public static String freshDatabase(String name) {
        String url = System.getProperty("it.db.url");
        try (Connection connection = db(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
            statement.execute("CREATE DATABASE `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    /** The settings of a production node on that database (test keys), plus the given ones (name, value, ...). */
    public static java.util.Map<String, String> serverSettings(String dbUrl, String... more) {
        java.util.Map<String, String> settings = new java.util.HashMap<>(java.util.Map.of(
                "ASL_DB_URL", dbUrl, "ASL_DB_USER", System.getProperty("it.db.user", "root"),
                "ASL_DB_PASSWORD", System.getProperty("it.db.password", ""), "ASL_APPLIANCE_KEY", Http.APPLIANCE_KEY,
                "ASL_VENDOR_PUBLIC_KEY", "src/test/resources/vendor/vendor-public.pem", "ASL_ADMIN_INITIAL_PASSWORD", Http.ADMIN_PASSWORD,
                // the tests activate thousands of appliances from 127.0.0.1; HardeningIT checks the default limit
                "ASL_RATE_LIMIT_ACTIVATIONS_PER_SOURCE", "0", "ASL_SECRETS_KEY", Http.SECRETS_KEY));
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                settings.remove(more[i]);
            } else {
                settings.put(more[i], more[i + 1]);
            }
        }
        return settings;
    }

    public static Connection db() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user", "root"),
                System.getProperty("it.db.password", ""));
    }

    /**
     * Moves the instance's last heartbeat back by the given SQL interval (e.g. "30 DAY"), as if it had been silent that
     * long, and the sweep's marks (V12) back to it, so that the next sweep makes it STALE and writes its line: only a
     * test moves a heartbeat back in time. Instances STALE since then become ACTIVE until that sweep, which writes
     * their "expired" lines again.
     */
    public static void silence(String instanceId, String interval) {
        silence("", instanceId, interval);
    }

    /** {@link #silence(String, String)} in another database of the test server ({@link #freshDatabase}). */
    public static void silence(String database, String instanceId, String interval) {
        String in = database.isEmpty() ? "" : database + ".";
        try (Connection db = db(); PreparedStatement silent = db.prepareStatement(
                "UPDATE " + in + "instance SET last_heartbeat_at = UTC_TIMESTAMP(6) - INTERVAL " + interval + " WHERE id = ?");
             PreparedStatement lookBack = db.prepareStatement("UPDATE " + in + "sweep_mark SET swept_before = LEAST(swept_before,"
                     + " (SELECT last_heartbeat_at FROM " + in + "instance WHERE id = ?))")) {
            db.setAutoCommit(false);
            silent.setString(1, instanceId);
            assertEquals(1, silent.executeUpdate());
            lookBack.setString(1, instanceId);
            lookBack.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... parameters) {
        try (Connection connection = db(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
