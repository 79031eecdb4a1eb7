package net.activationserver.events.control;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.activationserver.events.entity.StoredEvent;
import net.activationserver.events.entity.WebhookEndpoint;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookClientTest {

    @Test
    void retriesBackOffByDoublingUpToADay() {
        Duration base = Duration.ofSeconds(5);
        assertEquals(Duration.ofSeconds(5), WebhookClient.backoff(base, 1));
        assertEquals(Duration.ofSeconds(10), WebhookClient.backoff(base, 2));
        assertEquals(Duration.ofSeconds(40), WebhookClient.backoff(base, 4));
        assertEquals(Duration.ofDays(1), WebhookClient.backoff(base, 20), "never more than a day");
        assertEquals(Duration.ofDays(1), WebhookClient.backoff(base, 1_000));
    }

    /** What the README tells a receiver to compute: HMAC-SHA256 over id.timestamp.body with the Base64 key after whsec_. */
    @Test
    void theSignatureIsWhatAReceiverComputesFromTheReadme() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String[]> got = new AtomicReference<>();
        server.createContext("/", exchange -> {
            got.set(new String[]{exchange.getRequestHeaders().getFirst("webhook-id"), exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String secret = WebhookEndpoint.newSecret();
            StoredEvent event = new StoredEvent(7, "evt_0123456789abcdef0123456789abcdef", "instance.activated", Instant.parse("2026-12-07T10:00:00Z"),
                    "node-a", "5f0c2d7e-8f0a-4c61-9a53-3b1f0e7d2a10", "lm-edge-1", "02:AB:CD:00:00:01", "{\"licenseType\":\"VLM-MAX\"}");
            WebhookClient.Outcome outcome = new WebhookClient().send("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", secret, event,
                    Instant.parse("2026-12-07T10:00:01Z"));
            assertTrue(outcome.delivered(), String.valueOf(outcome));
            String[] request = got.get();
            assertEquals(event.id(), request[0]);
            assertEquals("1796637601", request[1]);
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(hmac.doFinal((request[0] + "." + request[1] + "." + request[3])
                    .getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, request[2]);
            assertEquals(event.body(), request[3]);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAnswerOutside2xxOrNoAnswerIsAFailure() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://elsewhere.test/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        StoredEvent event = new StoredEvent(1, "evt_1", "node.up", Instant.now(), "n", null, null, null, "{}");
        try {
            WebhookClient.Outcome redirected = new WebhookClient().send("http://127.0.0.1:" + server.getAddress().getPort() + "/", WebhookEndpoint.newSecret(), event, Instant.now());
            assertFalse(redirected.delivered());
            assertEquals(302, redirected.status(), "a redirect is not followed");
        } finally {
            server.stop(0);
        }
        WebhookClient.Outcome refused = new WebhookClient().send("http://127.0.0.1:" + server.getAddress().getPort() + "/", WebhookEndpoint.newSecret(), event, Instant.now());
        assertFalse(refused.delivered());
        assertTrue(refused.error().contains("ConnectException"), refused.error());
    }
}
