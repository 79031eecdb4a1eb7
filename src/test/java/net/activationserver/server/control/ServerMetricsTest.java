package net.activationserver.server.control;

import net.activationserver.server.entity.ProblemCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exported Prometheus names and labels, which dashboards, the benchmark and the tests read. */
class ServerMetricsTest {

    private final ServerMetrics metrics = new ServerMetrics();

    @BeforeEach
    void start() {
        metrics.start();
    }

    @AfterEach
    void stop() {
        metrics.stop();
    }

    private List<String> samples(String accept) {
        ServerMetrics.Scrape scrape = metrics.scrape(accept);
        return new String(scrape.body(), StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith("#")).toList();
    }

    @Test
    void everyNameIsThereBeforeAnythingHappened() {
        ServerMetrics.Scrape scrape = metrics.scrape(null);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType());
        List<String> samples = samples(null);
        for (ProblemCode code : ProblemCode.values()) {
            assertTrue(samples.contains("asl_refusals_total{code=\"" + code.name() + "\"} 0.0"), code + ": " + samples);
        }
        assertTrue(samples.contains("asl_heartbeats_total 0.0"), samples.toString());
        assertTrue(samples.stream().anyMatch(sample -> sample.startsWith("asl_write_conflicts_total ")), samples.toString());
        assertTrue(samples.contains("asl_heartbeats_unwritten 0.0"), samples.toString());
        assertTrue(samples.contains("asl_activation_batch_size_count 0"), samples.toString());
        assertTrue(samples.contains("asl_activation_batch_size_sum 0.0"), samples.toString());
    }

    @Test
    void theUnwrittenHeartbeatsAreWhatTheWriterReports() {
        metrics.heartbeatsUnwritten(() -> 7);
        assertTrue(samples(null).contains("asl_heartbeats_unwritten 7.0"), samples(null).toString());
    }

    @Test
    void namesAndLabelsAsExported() {
        metrics.licenseType("VLM-MAX", () -> 3);
        metrics.licenseType("VLM-MAX", () -> 99); // registering again keeps the first gauge
        metrics.activated("VLM-MAX");
        metrics.activated("VLM-MAX");
        metrics.activated("VLM-5000G"); // a type not registered at start still counts
        metrics.refused(ProblemCode.ASL_LIMIT_REACHED);
        metrics.heartbeat();
        metrics.activationBatch(5);
        metrics.activationBatch(1);
        List<String> samples = samples("text/plain");
        assertTrue(samples.contains("asl_activations_total{license_type=\"VLM-MAX\"} 2.0"), samples.toString());
        assertTrue(samples.contains("asl_activations_total{license_type=\"VLM-5000G\"} 1.0"), samples.toString());
        assertTrue(samples.contains("asl_refusals_total{code=\"ASL_LIMIT_REACHED\"} 1.0"), samples.toString());
        assertTrue(samples.contains("asl_heartbeats_total 1.0"), samples.toString());
        assertTrue(samples.contains("asl_seats_in_use{license_type=\"VLM-MAX\"} 3.0"), samples.toString());
        assertTrue(samples.contains("asl_activation_batch_size_count 2"), samples.toString());
        assertTrue(samples.contains("asl_activation_batch_size_sum 6.0"), samples.toString());
    }

    @Test
    void openMetricsWhenAskedFor() {
        ServerMetrics.Scrape scrape = metrics.scrape("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", scrape.contentType());
        String body = new String(scrape.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("# TYPE asl_heartbeats counter") && body.contains("asl_heartbeats_total 0.0"), body);
        assertTrue(body.endsWith("# EOF\n"), body);
    }
}
