package net.activationserver.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** asl.rate-limit.per-source: a source over the limit gets 429 ASL_RATE_LIMITED with Retry-After, and nothing changes. */
class RateLimitIT {

    @Test
    void aSourceOverItsLimitGets429WithRetryAfter() throws Exception {
        try (ServerProcess server = ServerProcess.start(Fixtures.serverSettings(Fixtures.freshDatabase("asl_ratelimit"),
                "ASL_RATE_LIMIT_PER_SOURCE", "5"))) {
            server.awaitServing(Duration.ofMinutes(3));
            Http http = new Http(server.base());
            awaitNextSecond(); // the pings that found the server serving counted against this second's allowance
            ExecutorService callers = Executors.newFixedThreadPool(10);
            List<Future<Http.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(callers.submit(() -> http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "NO-SUCH"))));
            }
            Http.Answer limited = null;
            int refusedForType = 0;
            for (Future<Http.Answer> answer : answers) {
                Http.Answer a = answer.get();
                if (a.status() == 429) {
                    limited = a;
                } else {
                    assertEquals(404, a.status(), a.toString());
                    refusedForType++;
                }
            }
            callers.shutdown();
            assertNotNull(limited, "40 requests from one address at 5 per second: some are limited");
            assertTrue(refusedForType >= 5, "the first 5 of a second pass: " + refusedForType);
            assertEquals("1", limited.header("Retry-After"));
            assertTrue(limited.contentType().startsWith("application/problem+json"), limited.toString());
            assertEquals("ASL_RATE_LIMITED", limited.code());
            awaitNextSecond(); // the allowance is per second of the clock: a new one comes only with the next second
            assertEquals(200, http.plain("GET", "api/v1/ping", null, null).status(), "a new second, a new allowance");
        }
    }

    /** Waits until the clock is past the current second: the limit counts a source's requests per second of the clock (RequestLimitFilter). */
    private static void awaitNextSecond() {
        long second = Instant.now().getEpochSecond();
        await("the next second of the clock").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> Instant.now().getEpochSecond() > second);
    }
}
