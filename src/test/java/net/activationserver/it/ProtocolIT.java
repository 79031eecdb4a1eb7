package net.activationserver.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProtocolIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Fixtures.war();
    }

    @ArquillianResource
    URL base;

    Http http;

    @BeforeEach
    void connect() throws Exception {
        http = new Http(base.toURI());
    }

    @Test
    void pingAnswersWithoutProof() {
        Http.Answer ping = http.plain("GET", "api/v1/ping", null, null);
        assertEquals(200, ping.status(), ping.toString());
        assertEquals("UP", ping.json().getString("status"));
        assertEquals("it-node", ping.json().getString("node"));
        assertNotNull(ping.json().getString("time"));
    }

    @Test
    void activateAndHeartbeat() {
        String type = Fixtures.typeCode("P");
        Http.Answer installed = http.admin("POST", "api/v1/admin/entitlements", "application/jose", Fixtures.licenseFile("L-" + type, 5, type, "3"));
        assertEquals(201, installed.status(), installed.toString());
        Http.Answer activated = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type));
        assertEquals(201, activated.status(), activated.toString());
        JsonObject body = activated.json();
        Http.Answer beat = http.instance("POST", "api/v1/instances/" + body.getString("instanceId") + "/heartbeat", body.getString("instanceToken"), null);
        assertEquals(200, beat.status(), beat.toString());
    }
}
