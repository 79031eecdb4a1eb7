package net.activationserver.it;

import net.activationserver.devserver.EmbeddedMariaDb;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose database goes away: readiness turns DOWN, appliances get 503 ASL_UNAVAILABLE with Retry-After
 * (never a 500 or an HTML page), and everything works again once the database is back. Runs on a MariaDB of its own.
 */
class DatabaseOutageIT {

    @Test
    void whileTheDatabaseIsDownAppliancesGet503AndReadinessIsDown() throws Exception {
        int dbPort = Integer.getInteger("it.db.port", 3317) + 1;
        File dataDir = new File("target/outage-mariadb");
        EmbeddedMariaDb db = EmbeddedMariaDb.start(dbPort, dataDir, "asl_outage");
        try (PayaraProcess server = PayaraProcess.start(Fixtures.serverSettings(db.url("asl_outage"),
                "ASL_DB_USER", "root", "ASL_DB_PASSWORD", ""))) {
            server.awaitServing(Duration.ofMinutes(3));
            Http http = new Http(server.base());
            assertEquals(201, http.admin("POST", "api/v1/admin/entitlements", "application/jose",
                    Fixtures.licenseFile("L-OUT", 10, "VLM-MAX", "5")).status());
            assertEquals(200, http.plain("GET", "health/ready", null, null).status());

            db.stop();
            Http.Answer refused = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "VLM-MAX"));
            assertEquals(503, refused.status(), refused.toString());
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.toString());
            assertEquals("ASL_UNAVAILABLE", refused.code());
            assertTrue(Integer.parseInt(refused.header("Retry-After")) > 0);
            Http.Answer ready = http.plain("GET", "health/ready", null, null);
            assertEquals(503, ready.status(), ready.toString());
            assertTrue(ready.body().contains("DOWN"), ready.body());
            assertEquals(200, http.plain("GET", "health/live", null, null).status(), "alive all the same");

            db = EmbeddedMariaDb.start(dbPort, dataDir, "asl_outage");
            Instant giveUp = Instant.now().plusSeconds(60);
            int status = 0;
            while (Instant.now().isBefore(giveUp) && status != 201) {
                status = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "VLM-MAX")).status();
                Thread.sleep(1000);
            }
            assertEquals(201, status, "activations work again once the database is back");
            assertEquals(200, http.plain("GET", "health/ready", null, null).status());
        } finally {
            db.stop();
        }
    }
}
