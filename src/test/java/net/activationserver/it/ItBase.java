package net.activationserver.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged WAR on Payara Micro against MariaDB, called over HTTP as appliances and admins do. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ItBase {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Fixtures.war();
    }

    @ArquillianResource
    URL base;

    Http http;

    /** After every test: each pool's count of seats in use (V7's shards) equals its seat rows held. */
    @AfterEach
    void seatCountsAgreeWithTheSeats() {
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM ("
                + " SELECT pool, SUM(n) held, SUM(c) counted FROM ("
                + "  SELECT pool, COUNT(*) n, 0 c FROM seat WHERE instance_id IS NOT NULL GROUP BY pool"
                + "  UNION ALL SELECT pool, 0, SUM(used) FROM seat_count GROUP BY pool) x"
                + " GROUP BY pool HAVING held <> counted) d"), "seat_count agrees with the seats held, for every pool");
    }

    @BeforeEach
    void connect() throws Exception {
        http = new Http(base.toURI());
    }

    /** Installs a license file and checks it was taken. */
    void install(String file) {
        Http.Answer answer = http.admin("POST", "api/v1/admin/entitlements", "application/jose", file);
        assertEquals(201, answer.status(), answer.toString());
    }

    JsonObject activate(String mac, String type) {
        Http.Answer answer = http.appliance("POST", "api/v1/activations", Fixtures.activation(mac, type));
        assertEquals(201, answer.status(), answer.toString());
        return answer.json();
    }

    /** Asserts a problem+json answer with its status and code. */
    static Http.Answer assertProblem(Http.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.contentType() != null && answer.contentType().startsWith("application/problem+json"), answer.toString());
        JsonObject problem = answer.json();
        assertEquals(code, problem.getString("code"), answer.toString());
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.containsKey("type") && problem.containsKey("title") && problem.containsKey("detail"), answer.toString());
        return answer;
    }

    /** The audit lines of one instance, oldest first. */
    List<String> auditOf(String instanceId) {
        Http.Answer answer = http.admin("GET", "api/v1/admin/audit?instanceId=" + instanceId, null, null);
        assertEquals(200, answer.status(), answer.toString());
        List<String> lines = new ArrayList<>(answer.array().stream().map(v -> ((JsonObject) v).getString("message")).toList());
        Collections.reverse(lines);
        return lines;
    }

    JsonObject typeOf(String platform, String code) {
        Http.Answer types = http.appliance("GET", "api/v1/license-types?platform=" + platform, null);
        assertEquals(200, types.status(), types.toString());
        return types.array().stream().map(JsonValue::asJsonObject).filter(t -> t.getString("code").equals(code)).findFirst().orElse(null);
    }

    long instances() {
        return Fixtures.count("SELECT COUNT(*) FROM instance");
    }
}
