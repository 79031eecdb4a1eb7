package net.activationserver.activation.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.activationserver.api.ApplianceProof;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.GroupCommit;
import net.activationserver.server.control.Retries;
import net.activationserver.server.entity.ContendedException;
import net.activationserver.server.control.ServerMetrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * Group commit of activations on this node: activations that arrive while earlier ones are being written wait and are
 * then activated together, as one transaction of set-based statements ({@link Activations#activateAll}), instead of
 * one transaction each. A lone activation runs at once, as it always did ({@link Activations#activate}); batches form
 * only under load, and grow with it. At most {@code asl.activation.lanes} activation transactions run at once on a node.
 * <p>
 * Every call gets the answer it would have got alone: re-activations of a MAC that holds a seat, a second call of one
 * MAC in the same batch and a call whose refusal only a lone claim can tell run alone after the batch, each on its own
 * request thread, and if the batch's transaction fails (another node activated one of its MACs meanwhile) it rolls back
 * as a whole and each of its calls runs alone. A lone call that only claims in flight refused (they hold the free
 * seats it needs) runs again ({@link Retries}). docs/DECISIONS.md, "Activation".
 */
@ApplicationScoped
public class ActivationBatches {

    private static final Logger LOG = Logger.getLogger(ActivationBatches.class.getName());
    /** Calls in one batch at most: 64 instance rows, seat rows and audit lines per statement. */
    static final int MAX_BATCH = 64;

    @Inject
    Activations activations;

    @Inject
    ServerMetrics metrics;

    @Inject
    AslConfig config;

    private GroupCommit<Activations.Call, Activations.Outcome> group;

    @PostConstruct
    void start() {
        group = new GroupCommit<>(config.activationLanes(), MAX_BATCH);
    }

    /** Activates the appliance, in a batch with the activations that arrive with it. @see Activations#activate */
    public ActivationResult activate(ActivationRequest request, ApplianceProof.Verified proof) {
        Activations.Call call = new Activations.Call(request, proof);
        Activations.Outcome outcome = group.submit(call, this::run);
        // not decided by its batch: alone, on this request's own thread and outside the lanes, so that such calls (a
        // fleet re-activating, a full pool, a batch that failed) run side by side as they always did, not one by one
        return (outcome == null ? alone(call) : outcome).get();
    }

    /** A lone activation runs in its lane, at once; a batch leaves null where a call must run alone. */
    private List<Activations.Outcome> run(List<Activations.Call> calls) {
        return calls.size() == 1 ? Collections.singletonList(inLane(calls.get(0))) : together(calls);
    }

    /**
     * A lone call, once, in its lane. If only claims in flight refused it, null: it runs again alone, outside the lanes
     * ({@link #alone}), so that its pauses between attempts hold up no other activation.
     */
    private Activations.Outcome inLane(Activations.Call call) {
        try {
            return new Activations.Outcome(once(call), null);
        } catch (ContendedException contended) {
            return null;
        } catch (RuntimeException refused) {
            return Retries.conflicted(refused) ? null : Activations.Outcome.refused(refused);
        }
    }

    /** The batch in one transaction; where it fails, nothing was written and each call runs alone. */
    private List<Activations.Outcome> together(List<Activations.Call> calls) {
        try {
            List<Activations.Outcome> outcomes = new ArrayList<>(activations.activateAll(calls));
            metrics.activationBatch(calls.size());
            return outcomes;
        } catch (BatchConflictException rolledBack) {
            LOG.fine(() -> "A batch of " + calls.size() + " activations rolled back (" + rolledBack.getMessage() + "); each runs alone");
            return new ArrayList<>(Collections.nCopies(calls.size(), null));
        } catch (RuntimeException failed) { // a write conflict (another node), or the database: each call alone gets its own answer
            if (Retries.metConflict(failed)) {
                LOG.fine(() -> "A batch of " + calls.size() + " activations met a write conflict; each runs alone: " + failed);
            } else {
                LOG.warning(() -> "A batch of " + calls.size() + " activations failed; each runs alone: " + failed);
            }
            return new ArrayList<>(Collections.nCopies(calls.size(), null));
        }
    }

    /** A call in a transaction of its own, run again while only claims in flight on the seats it needs refuse it. */
    private Activations.Outcome alone(Activations.Call call) {
        try {
            return new Activations.Outcome(Retries.retried(() -> once(call)), null);
        } catch (RuntimeException refused) {
            return Activations.Outcome.refused(refused);
        }
    }

    private ActivationResult once(Activations.Call call) {
        try {
            return activations.activate(call.request(), call.proof());
        } catch (SameMacRaceException concurrentActivationOfThisMac) {
            // the other one committed: this is now a re-activation
            return activations.activate(call.request(), call.proof());
        }
    }
}
