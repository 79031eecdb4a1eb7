package net.activationserver.events.entity;

import java.time.Instant;
import java.util.List;
import net.activationserver.server.entity.InvalidRequestException;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookEndpointTest {

    @Test
    void aSecretIsTheSpecificationsFormOf24RandomBytes() {
        String secret = WebhookEndpoint.newSecret();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(24, java.util.Base64.getDecoder().decode(secret.substring(6)).length);
        assertTrue(!secret.equals(WebhookEndpoint.newSecret()));
    }

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAreTaken() {
        assertEquals("https://hooks.example.com/asl", WebhookEndpoint.validUrl(" https://hooks.example.com/asl "));
        for (String bad : List.of("ftp://example.com/", "/relative", "https://user:pw@example.com/", "https://example.com/#x", "http://", "not a url")) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> WebhookEndpoint.validUrl(bad), bad);
            assertEquals("url", refused.errors().get(0).field());
        }
    }

    @Test
    void eventTypesAreKnownOnesOrEveryOne() {
        assertEquals(List.of("*"), WebhookEndpoint.validEvents(List.of("*")));
        assertEquals(List.of("instance.activated", "pool.threshold"), WebhookEndpoint.validEvents(List.of("instance.activated", "pool.threshold", "instance.activated")));
        assertThrows(InvalidRequestException.class, () -> WebhookEndpoint.validEvents(List.of("*", "node.up")));
        assertThrows(InvalidRequestException.class, () -> WebhookEndpoint.validEvents(List.of("instance.exploded")));
        assertThrows(InvalidRequestException.class, () -> WebhookEndpoint.validEvents(List.of("webhook.test")), "sent by request only");
        WebhookEndpoint endpoint = new WebhookEndpoint("id", "https://x.example/", null, List.of("node.down"), "sealed", "admin", Instant.now());
        assertTrue(endpoint.takes("node.down"));
        assertTrue(!endpoint.takes("node.up"));
    }

    @Test
    void thePayloadNamesTheApplianceFirst() {
        StoredEvent event = new StoredEvent(3, "evt_a", "instance.stale", Instant.parse("2026-12-07T10:00:00.123456Z"), "n", "i-1", "lm-1",
                "02:AB:CD:00:00:01", "{\"licenseType\":\"VLM-MAX\"}");
        assertEquals("{\"id\":\"evt_a\",\"type\":\"instance.stale\",\"timestamp\":\"2026-12-07T10:00:00.123456Z\",\"data\":{\"instanceId\":\"i-1\","
                + "\"hostname\":\"lm-1\",\"mac\":\"02:AB:CD:00:00:01\",\"licenseType\":\"VLM-MAX\"}}", event.body());
    }
}
