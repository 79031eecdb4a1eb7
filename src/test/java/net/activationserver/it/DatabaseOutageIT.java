package net.activationserver.it;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that loses its database: readiness turns DOWN, appliances get 503 ASL_UNAVAILABLE with Retry-After
 * (never a 500 or an HTML page), and everything works again once the database is back. The node reaches MariaDB
 * through a TCP proxy the test cuts and restores.
 */
class DatabaseOutageIT {

    @Test
    void whileTheDatabaseIsUnreachableAppliancesGet503AndReadinessIsDown() throws Exception {
        String direct = Fixtures.freshDatabase("asl_outage");
        URI target = URI.create(direct.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getPort());
             ServerProcess server = ServerProcess.start(Fixtures.serverSettings(
                     "jdbc:mariadb://127.0.0.1:" + proxy.port() + target.getPath()))) {
            server.awaitServing(Duration.ofMinutes(3));
            Http http = new Http(server.base());
            Http health = new Http(server.healthBase());
            assertEquals(201, http.admin("POST", "api/v1/admin/entitlements", "application/jose",
                    Fixtures.licenseFile("L-OUT", 10, "VLM-MAX", "5")).status());
            assertEquals(200, health.plain("GET", "health/ready", null, null).status());

            proxy.cut();
            Http.Answer refused = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "VLM-MAX"));
            assertEquals(503, refused.status(), refused.toString());
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.toString());
            assertEquals("ASL_UNAVAILABLE", refused.code());
            assertTrue(Integer.parseInt(refused.header("Retry-After")) > 0);
            Http.Answer ready = health.plain("GET", "health/ready", null, null);
            assertEquals(503, ready.status(), ready.toString());
            assertTrue(ready.body().contains("DOWN"), ready.body());
            assertEquals(200, health.plain("GET", "health/live", null, null).status(), "alive all the same");

            proxy.restore();
            int status = await("an activation answered 201 once the database is back").atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .until(() -> http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "VLM-MAX")).status(),
                            answered -> answered == 201);
            assertEquals(201, status, "activations work again once the database is back");
            assertEquals(200, health.plain("GET", "health/ready", null, null).status());
        }
    }
}
