package net.activationserver.events.control;

import com.standardwebhooks.Webhook;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import net.activationserver.events.entity.StoredEvent;

/**
 * Sends one event to one endpoint, signed as the Standard Webhooks specification says: {@code webhook-id} (the event's
 * id, the same at every retry, so that a receiver can drop a repeat), {@code webhook-timestamp} (seconds) and
 * {@code webhook-signature: v1,<Base64 of HMAC-SHA256 over id.timestamp.body>}, computed by the specification's own
 * library ({@code com.standardwebhooks:standardwebhooks}). Redirects are not followed: a 3xx is a failure.
 */
@ApplicationScoped
public class WebhookClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** What an attempt gave: the HTTP status (null when there was no answer) and, when it failed, why. */
    public record Outcome(Integer status, String error) {
        public boolean delivered() {
            return error == null;
        }
    }

    /** @param secret the endpoint's {@code whsec_} secret, opened; never logged */
    public Outcome send(String url, String secret, StoredEvent event, Instant now) {
        String body = event.body();
        long timestamp = now.getEpochSecond();
        String signature;
        try {
            signature = new Webhook(secret).sign(event.id(), timestamp, body);
        } catch (Exception e) {
            return new Outcome(null, "could not sign: " + e.getClass().getSimpleName());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("content-type", "application/json")
                .header("user-agent", "ActivationServer-Webhooks/1")
                .header("webhook-id", event.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Outcome(status, null) : new Outcome(status, "answered HTTP " + status);
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }

    /** The wait before the next attempt after {@code failures} failed ones: the base, doubled per failure, at most a day. */
    public static Duration backoff(Duration base, int failures) {
        Duration day = Duration.ofDays(1);
        Duration wait = base;
        for (int i = 1; i < failures && wait.compareTo(day) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(day) > 0 ? day : wait;
    }
}
