package net.activationserver.it;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.activationserver.licensing.entity.Ed25519;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restore drill of docs/deployment.md ("Backing up the database"): a running server's database is dumped with
 * {@code mariadb-dump --single-transaction}, restored into an empty database, and a server started on it with the
 * same secrets key. Every appliance's next heartbeat succeeds, every lease verifies with the restored server's keys,
 * and the MELA report says what it said before.
 */
class DatabaseRestoreIT {

    @Test
    void aDumpOfARunningServerRestoresIntoOneWhereEveryApplianceCarriesOn() throws Exception {
        String original = Fixtures.freshDatabase("asl_drill");
        String type = Fixtures.typeCode("DRILL");
        List<JsonObject> appliances = new ArrayList<>();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String mela = "api/v1/admin/reports/mela?from=" + today + "&to=" + today + "&format=json";
        String before;
        Path dump = Path.of("target", "drill-dump.sql").toAbsolutePath();
        try (ServerProcess node = ServerProcess.start(Fixtures.serverSettings(original, "ASL_NODE_NAME", "drill-before"))) {
            node.awaitServing(Duration.ofMinutes(4));
            Http http = new Http(node.base());
            assertEquals(201, http.admin("POST", "api/v1/admin/entitlements", "application/jose", Fixtures.licenseFile("L-DRILL", 20, type, "10")).status());
            for (int i = 0; i < 3; i++) {
                Http.Answer activated = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type));
                assertEquals(201, activated.status());
                appliances.add(activated.json());
            }
            before = peaks(http.admin("GET", mela, null, null).body(), type);
            // while it runs: a consistent snapshot without locking the tables
            run(List.of(tool("mariadb-dump"), "--single-transaction", "--routines", "--host=" + host(original), "--port=" + port(original),
                    "--user=" + System.getProperty("it.db.user", "root"), "--result-file=" + dump, "asl_drill"), null);
        }
        assertTrue(Files.size(dump) > 10_000, "a dump was written: " + Files.size(dump) + " bytes");

        String restored = Fixtures.freshDatabase("asl_drill_restored");
        run(List.of(tool("mariadb"), "--host=" + host(restored), "--port=" + port(restored), "--user=" + System.getProperty("it.db.user", "root"),
                "asl_drill_restored"), dump.toFile());
        try (ServerProcess node = ServerProcess.start(Fixtures.serverSettings(restored, "ASL_NODE_NAME", "drill-after"))) {
            node.awaitServing(Duration.ofMinutes(4));
            Http http = new Http(node.base());
            JWKSet keys = JWKSet.parse(http.plain("GET", "api/v1/lease-keys", null, null).body());
            for (JsonObject appliance : appliances) {
                Http.Answer beat = http.instance("POST", "api/v1/instances/" + appliance.getString("instanceId") + "/heartbeat",
                        appliance.getString("instanceToken"), null);
                assertEquals(200, beat.status(), "the heartbeat after the restore: " + beat);
                for (String lease : List.of(appliance.getString("lease"), beat.json().getString("lease"))) {
                    JWSObject jws = JWSObject.parse(lease);
                    OctetKeyPair key = (OctetKeyPair) keys.getKeyByKeyId(jws.getHeader().getKeyID());
                    assertTrue(key != null && jws.verify(Ed25519.verifier(key)), "the lease verifies with the restored server's keys");
                }
            }
            assertEquals(before, peaks(http.admin("GET", mela, null, null).body(), type), "the MELA report says what it said before");
        }
    }

    /** The report's peak seats of the type, per day: what billing reads (the live day's hours grow by the minute). */
    private static String peaks(String json, String type) {
        return jakarta.json.Json.createReader(new java.io.StringReader(json)).readArray().stream().map(v -> v.asJsonObject())
                .filter(row -> row.getString("licenseType").equals(type))
                .map(row -> row.getString("date") + "=" + row.getInt("peakSeatsInUse")).toList().toString();
    }

    /** The embedded MariaDB's own client tools, or those on the PATH for an external database. */
    private static String tool(String name) {
        File embedded = new File("target/it-mariadb-base/bin/" + name);
        return embedded.canExecute() ? embedded.getAbsolutePath() : name;
    }

    private static String host(String jdbcUrl) {
        return URI.create(jdbcUrl.substring("jdbc:".length())).getHost();
    }

    private static String port(String jdbcUrl) {
        return Integer.toString(URI.create(jdbcUrl.substring("jdbc:".length())).getPort());
    }

    private static void run(List<String> command, File input) throws Exception {
        List<String> withPassword = new ArrayList<>(command);
        String password = System.getProperty("it.db.password", "");
        if (!password.isEmpty()) {
            withPassword.add(1, "--password=" + password);
        }
        ProcessBuilder builder = new ProcessBuilder(withPassword).redirectErrorStream(true);
        if (input != null) {
            builder.redirectInput(input);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), command.get(0) + " did not end");
        assertEquals(0, process.exitValue(), command.get(0) + ": " + output);
    }
}
