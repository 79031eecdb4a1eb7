package net.activationserver.server.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.activationserver.api.ProblemCode;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.function.Supplier;

/** The application's counters (MicroProfile Metrics, under /metrics?scope=application). */
@ApplicationScoped
public class ServerMetrics {

    @Inject
    MetricRegistry registry;

    public void refused(ProblemCode code) {
        registry.counter("asl_refusals_total", new Tag("code", code.name())).inc();
    }

    public void activated(String licenseType) {
        registry.counter("asl_activations_total", new Tag("license_type", licenseType)).inc();
    }

    /** A batch of activations committed together (docs/DECISIONS.md, "Activation"): how many calls it answered. */
    public void activationBatch(int calls) {
        registry.histogram("asl_activation_batch_size").update(calls);
    }

    /** A gauge of seats in use for a license type; registering it again keeps the first one. */
    public void seatsInUse(String licenseType, Supplier<Integer> used) {
        registry.gauge("asl_seats_in_use", used, new Tag("license_type", licenseType));
    }

    public void heartbeat() {
        registry.counter("asl_heartbeats_total").inc();
    }
}
