package net.activationserver.server.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import net.activationserver.server.entity.ProblemCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The application's metrics: one Micrometer Prometheus registry of this node, owned by this bean (no global registry),
 * served by {@link net.activationserver.server.boundary.MetricsServlet} at {@code /metrics}. Every name is registered
 * before the first request, so a fresh node's scrape already lists them (at 0):
 * <ul>
 *     <li>{@code asl_activations_total{license_type}}: seats granted, per license type (every type known at start, and each
 *     type added later);</li>
 *     <li>{@code asl_refusals_total{code}}: problem answers, one series per {@link ProblemCode};</li>
 *     <li>{@code asl_heartbeats_total}: heartbeats answered;</li>
 *     <li>{@code asl_seats_in_use{license_type}}: gauge, seats held now (read from the database's counts);</li>
 *     <li>{@code asl_activation_batch_size}: summary ({@code _count}, {@code _sum}, {@code _max}), how many activations each
 *     committed batch answered (docs/DECISIONS.md, "Activation");</li>
 *     <li>{@code asl_write_conflicts_total}: transactions the database rolled back for a write conflict with another
 *     (an InnoDB deadlock, or on Galera a certification failure against another node's write), each run again or left to
 *     the writer's next round ({@link Retries}); a steady rise means server nodes keep writing the same rows through
 *     different Galera nodes (docs/deployment.md, "Galera");</li>
 *     <li>{@code asl_heartbeats_unwritten}: gauge, heartbeats this node answered and has not yet written (the write-behind
 *     writes them every 100 ms): a few per 100 ms normally; a rise means the database does not keep up.</li>
 * </ul>
 * Micrometer's Prometheus naming renders the dotted names below with underscores and appends {@code _total} to counters.
 */
@ApplicationScoped
public class ServerMetrics {

    static final String ACTIVATIONS = "asl.activations";
    static final String REFUSALS = "asl.refusals";
    static final String HEARTBEATS = "asl.heartbeats";
    static final String SEATS_IN_USE = "asl.seats.in.use";
    static final String BATCH_SIZE = "asl.activation.batch.size";
    static final String WRITE_CONFLICTS = "asl.write.conflicts";
    static final String HEARTBEATS_UNWRITTEN = "asl.heartbeats.unwritten";

    /** The Prometheus text format's content type (what /metrics answers by default). */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";
    static final String OPENMETRICS = OPENMETRICS_MEDIA_TYPE + "; version=1.0.0; charset=utf-8";

    // Created in start(), not in field initialisers: the CDI client proxy of this bean must not build a registry of its own.
    private PrometheusMeterRegistry registry;
    private Map<ProblemCode, Counter> refusals;
    private ConcurrentMap<String, Counter> activations;
    private Set<String> gauges;
    private Counter heartbeats;
    private DistributionSummary batchSize;
    private java.util.concurrent.atomic.AtomicReference<java.util.function.IntSupplier> unwritten;

    @PostConstruct
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        refusals = new EnumMap<>(ProblemCode.class);
        for (ProblemCode code : ProblemCode.values()) {
            refusals.put(code, Counter.builder(REFUSALS).description("Requests refused with a problem answer, by problem code")
                    .tag("code", code.name()).register(registry));
        }
        activations = new ConcurrentHashMap<>();
        gauges = ConcurrentHashMap.newKeySet();
        heartbeats = Counter.builder(HEARTBEATS).description("Heartbeats answered").register(registry);
        batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Activations answered by each batch committed together as one transaction").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(WRITE_CONFLICTS, this, metrics -> Retries.conflictsMet())
                .description("Transactions rolled back for a write conflict with another (deadlock or Galera certification failure)")
                .register(registry);
        unwritten = new java.util.concurrent.atomic.AtomicReference<>(() -> 0);
        Gauge.builder(HEARTBEATS_UNWRITTEN, unwritten, count -> count.get().getAsInt())
                .description("Heartbeats this node answered and has not yet written to the database (written every 100 ms)")
                .strongReference(true).register(registry);
    }

    /** What {@code asl_heartbeats_unwritten} reports: the write-behind's queue (activation's, which the ground floor does not know). */
    public void heartbeatsUnwritten(java.util.function.IntSupplier count) {
        unwritten.set(count);
    }

    @PreDestroy
    void stop() {
        registry.close();
    }

    public void refused(ProblemCode code) {
        refusals.get(code).increment();
    }

    public void activated(String licenseType) {
        activationCounter(licenseType).increment();
    }

    /** A batch of activations committed together (docs/DECISIONS.md, "Activation"): how many calls it answered. */
    public void activationBatch(int calls) {
        batchSize.record(calls);
    }

    /**
     * A license type's series: its seats-in-use gauge and its activations counter (at 0 until the first activation).
     * Registering a type again keeps the first gauge.
     */
    public void licenseType(String licenseType, Supplier<Integer> used) {
        if (gauges.add(licenseType)) {
            Gauge.builder(SEATS_IN_USE, used, seats -> seats.get().doubleValue()).description("Seats held now, by license type")
                    .tag("license_type", licenseType).strongReference(true).register(registry);
        }
        activationCounter(licenseType);
    }

    public void heartbeat() {
        heartbeats.increment();
    }

    /** One scrape: the body and its content type. */
    public record Scrape(String contentType, byte[] body) {
    }

    /**
     * Every metric in the format the Accept header asks for: the Prometheus text format 0.0.4 by default, OpenMetrics
     * text when the header names it (as Prometheus does when it may).
     */
    public Scrape scrape(String accept) {
        String type = accept != null && accept.contains(OPENMETRICS_MEDIA_TYPE) ? OPENMETRICS : PROMETHEUS_TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            registry.scrape(out, type); // the registry picks its writer from this content type
        } catch (IOException e) {
            throw new UncheckedIOException(e); // never: the stream is in memory
        }
        return new Scrape(type, out.toByteArray());
    }

    private Counter activationCounter(String licenseType) {
        return activations.computeIfAbsent(licenseType, type -> Counter.builder(ACTIVATIONS)
                .description("Seats granted by activations, by license type").tag("license_type", type).register(registry));
    }
}
