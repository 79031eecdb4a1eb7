package net.activationserver.activation.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import net.activationserver.activation.control.Staleness;
import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.activation.control.Leases;
import net.activationserver.activation.control.LockedInstances;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.activation.entity.InstanceInUseException;
import net.activationserver.api.ApplianceProof;
import net.activationserver.api.NotAnApplianceException;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.licensing.control.Pool;
import net.activationserver.licensing.entity.LicenseType;
import net.activationserver.network.control.DefaultNetwork;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Nonces;
import net.activationserver.server.control.ServerMetrics;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ContendedException;
import net.activationserver.server.entity.InstanceRelicensed;
import net.activationserver.server.entity.Notice;
import net.activationserver.server.entity.InstancesActivated;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * The activation facade: an appliance's activation (alone, or in a batch of appliances new to the pool) and its change
 * of license type. Each method is one transaction: seats, the instance and its audit lines change together or not at all.
 */
@Stateless
@PermitAll
public class Activations {

    private static final Logger LOG = Logger.getLogger(Activations.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Pool pool;

    @Inject
    Leases leases;

    @Inject
    AuditLog audit;

    @Inject
    ServerMetrics metrics;

    @Inject
    Event<InstancesActivated> activated;

    @Inject
    Event<InstanceRelicensed> relicensed;

    @Inject
    Event<Notice.Batch> notices;

    @Inject
    Nonces nonces;

    @Inject
    DefaultNetwork defaultNetwork;

    @Inject
    LockedInstances instances;

    @Inject
    Staleness staleness;

    @Inject
    AslConfig config;

    /**
     * Activates an appliance: a new seat for a new MAC (201), or the held seat for a MAC that already has one (200),
     * relicensed when it asks for another type. The nonce is written first, in the same transaction. A new MAC takes
     * the steps of a batch ({@link #admit}), as a batch of one.
     * @throws SameMacRaceException when another transaction activated the MAC meanwhile: run it again, as a re-activation
     * @throws ContendedException when only claims in flight hold the seats it needs
     */
    public ActivationResult activate(ActivationRequest request, ApplianceProof.Verified proof) {
        if (!nonces.registerInTransaction(proof.nonce(), proof.nonceExpiresAt())) {
            throw new NotAnApplianceException("nonce was already used");
        }
        Instant now = LockedInstances.now();
        Map<String, LicenseType> types = pool.types(List.of(request.licenseType()));
        LicenseType type = Pool.offered(types, request.licenseType(), request.platform());
        List<Instance> holding = em.createNamedQuery(Instance.BY_SEAT_MAC, Instance.class)
                .setParameter("mac", request.mac().value())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (!holding.isEmpty()) {
            Instance instance = holding.get(0);
            Instant lastHeartbeat = instance.lastHeartbeatAt();
            Duration timeout = config.heartbeatTimeout();
            if (lastHeartbeat.isAfter(now.minus(timeout)) && config.takeoverOnlyWhenSilent()) {
                throw new InstanceInUseException(instance.mac(), lastHeartbeat, timeout);
            }
            if (!instance.licenseType().equals(type.code())) {
                relicense(instance, type, Actor.appliance(instance.id()), now);
            }
            if (instance.status() == InstanceStatus.STALE) {
                staleness.settle(instance.id(), now); // its "expired" line before this one
            }
            String token = InstanceTokens.newToken();
            instance.reactivate(request.platform(), request.hostname(), request.build(), InstanceTokens.hash(token), now);
            notices.fire(new Notice.Batch(List.of(activated(instance, true, now))));
            audit.record(now, Actor.appliance(instance.id()), instance.id(), "ASL instance re-activated with ASL License "
                    + instance.licenseType() + " (MAC " + instance.mac() + " already holds a seat; a new token replaces the one"
                    + " last heard from at " + lastHeartbeat + "). Current activations is " + pool.used(instance.licenseType())
                    + AuditLog.appliance(instance.hostname(), instance.mac()));
            return result(instance, token, false, now);
        }
        instances.requireNotReplaced(request.mac().value());
        try {
            return admit(List.of(request), List.of(type), types.get(LicenseType.INSTANCE_LIMIT), now).get(0).get();
        } catch (BatchConflictException sameMacAtOnce) {
            throw new SameMacRaceException(request.mac().value());
        }
    }

    /** One activation call of a batch ({@link #activateAll}). */
    public record Call(ActivationRequest request, ApplianceProof.Verified proof) {
    }

    /** What became of a call: its result, or the refusal to throw in its place. */
    public record Outcome(ActivationResult result, RuntimeException refusal) {
        static Outcome refused(RuntimeException refusal) {
            return new Outcome(null, refusal);
        }

        /** @return the result, or throws the refusal */
        public ActivationResult get() {
            if (refusal != null) {
                throw refusal;
            }
            return result;
        }
    }

    /**
     * Activates a batch of appliances new to the pool in one transaction ({@link ActivationBatches}): what
     * {@link #activate} does for one, in set-based statements, each call answered as it would have been alone. The seats
     * are locked per type for the whole batch ({@link Pool#lock}), then the instances, the nonces of the calls answered
     * here (a refused call's too), their seats, usage intervals and audit lines are written in a few multi-row
     * statements, and the whole batch commits once.
     * <p>
     * A call whose MAC already holds a seat, or appears twice in the batch, or whose answer only a lone claim can tell
     * ({@link Pool.Answer#ALONE}), is not decided here (its outcome is null): the caller runs it alone. If a MAC of the
     * batch was activated meanwhile by another transaction, or one of its nonces written, the whole batch rolls back
     * ({@link BatchConflictException}) and the caller runs each call alone.
     * @return per call, in order, its outcome or null
     */
    public List<Outcome> activateAll(List<Call> calls) {
        Instant now = LockedInstances.now();
        int n = calls.size();
        Outcome[] outcomes = new Outcome[n];
        Set<String> seen = nonces.seen(calls.stream().map(call -> call.proof().nonce()).toList());
        Map<String, Instant> fresh = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ApplianceProof.Verified proof = calls.get(i).proof();
            if (seen.contains(proof.nonce()) || fresh.putIfAbsent(proof.nonce(), proof.nonceExpiresAt()) != null) {
                outcomes[i] = Outcome.refused(new NotAnApplianceException("nonce was already used"));
            }
        }
        Map<String, LicenseType> types = pool.types(calls.stream().map(call -> call.request().licenseType()).toList());
        LicenseType[] asked = new LicenseType[n];
        for (int i = 0; i < n; i++) {
            ActivationRequest request = calls.get(i).request();
            if (outcomes[i] == null) {
                try {
                    asked[i] = Pool.offered(types, request.licenseType(), request.platform());
                } catch (AslException refused) {
                    outcomes[i] = Outcome.refused(refused);
                }
            }
        }
        // a MAC that holds a seat is a re-activation, which runs alone; so does the second call of one MAC
        List<String> macs = IntStream.range(0, n).filter(i -> asked[i] != null)
                .mapToObj(i -> calls.get(i).request().mac().value()).toList();
        Set<String> taken = new HashSet<>(macs.isEmpty() ? List.of()
                : em.createQuery("SELECT i.seatMac FROM Instance i WHERE i.seatMac IN :macs", String.class)
                        .setParameter("macs", macs).getResultList());
        taken.addAll(macs.isEmpty() ? List.of() : instances.replacing(macs)); // refused alone
        List<Integer> claiming = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (asked[i] != null && taken.add(calls.get(i).request().mac().value())) {
                claiming.add(i);
            } else if (asked[i] != null) {
                fresh.remove(calls.get(i).proof().nonce()); // it runs alone, and writes its nonce then
            }
        }
        List<Outcome> admitted = admit(claiming.stream().map(i -> calls.get(i).request()).toList(),
                claiming.stream().map(i -> asked[i]).toList(), types.get(LicenseType.INSTANCE_LIMIT), now);
        for (int c = 0; c < claiming.size(); c++) {
            int i = claiming.get(c);
            if (admitted.get(c).refusal() instanceof ContendedException) { // it goes alone, and writes its nonce then
                fresh.remove(calls.get(i).proof().nonce());
            } else {
                outcomes[i] = admitted.get(c);
            }
        }
        // the nonces of the calls answered here, refused ones too
        if (!fresh.isEmpty() && !nonces.registerAllInTransaction(fresh)) {
            throw new BatchConflictException("A nonce of the batch was written meanwhile.");
        }
        return Arrays.asList(outcomes);
    }

    /**
     * The steps of admitting appliances new to the pool, one or a batch, in set-based statements: their seats are locked
     * per type ({@link Pool#lock}), then the instances (each with its lease), their seats, usage intervals (through
     * {@link InstancesActivated}) and audit lines are written in a few multi-row statements.
     * @param requests the activations of MACs that hold no seat, each MAC once
     * @param asked per request, its license type (offered for its platform)
     * @return per request, in order, its outcome: {@link ContendedException} where only a lone claim, later, can tell
     * ({@link Pool.Answer#ALONE})
     * @throws BatchConflictException when another transaction activated one of the MACs meanwhile
     */
    private List<Outcome> admit(List<ActivationRequest> requests, List<LicenseType> asked, LicenseType limit, Instant now) {
        Pool.Grant grant = pool.lock(asked, limit);
        int n = requests.size();
        Outcome[] outcomes = new Outcome[n];
        List<String> instanceIds = new ArrayList<>();
        Map<String, String> started = new LinkedHashMap<>();
        Instance[] created = new Instance[n];
        Leases.Lease[] leased = new Leases.Lease[n];
        String[] tokens = new String[n];
        for (int i = 0; i < n; i++) {
            Pool.Answer answer = grant.answer(i);
            instanceIds.add(null);
            if (answer != Pool.Answer.GRANTED) {
                outcomes[i] = Outcome.refused(grant.refusal(i));
                continue;
            }
            ActivationRequest request = requests.get(i);
            tokens[i] = InstanceTokens.newToken();
            // a new appliance joins the default network by itself (All Networks)
            created[i] = new Instance(request.mac(), request.platform(), request.hostname(), request.build(), asked.get(i).code(),
                    InstanceTokens.hash(tokens[i]), defaultNetwork.id(), now);
            leased[i] = leases.sign(created[i], now); // before the insert, which then carries it (no second write)
            em.persist(created[i]);
            instanceIds.set(i, created[i].id());
            started.put(created[i].id(), asked.get(i).code());
        }
        if (started.isEmpty()) {
            return Arrays.asList(outcomes);
        }
        try {
            em.flush(); // one JDBC batch
        } catch (PersistenceException sameMacAtOnce) {
            throw new BatchConflictException("A MAC was activated meanwhile.");
        }
        // a replacement that moved an instance away from one of these MACs meanwhile: that appliance holds its seat
        if (!instances.replacing(Arrays.stream(created).filter(Objects::nonNull).map(Instance::mac).toList()).isEmpty()) {
            throw new BatchConflictException("A MAC was replaced meanwhile.");
        }
        Map<String, Integer> used = new HashMap<>(pool.take(grant, instanceIds));
        activated.fire(new InstancesActivated(now, started));
        // each line counts the seats of its type in use after its own activation, as one after the other would have
        AuditLog.Line[] lines = new AuditLog.Line[n];
        for (int i = n - 1; i >= 0; i--) {
            if (created[i] != null) {
                String code = asked.get(i).code();
                lines[i] = new AuditLog.Line(Actor.appliance(created[i].id()), created[i].id(),
                        AuditLog.activating(code, used.merge(code, -1, Integer::sum) + 1) + AuditLog.appliance(created[i].hostname(), created[i].mac()));
            }
        }
        audit.recordAll(now, Arrays.stream(lines).filter(Objects::nonNull).toList());
        notices.fire(new Notice.Batch(Arrays.stream(created).filter(Objects::nonNull).map(instance -> activated(instance, false, now)).toList()));
        for (int i = 0; i < n; i++) {
            Instance instance = created[i];
            if (instance != null) {
                metrics.activated(instance.licenseType());
                LOG.info(() -> "Activated instance " + instance.id() + " (MAC " + instance.mac() + ") with " + instance.licenseType());
                outcomes[i] = new Outcome(result(instance, tokens[i], true, leased[i]), null);
            }
        }
        return Arrays.asList(outcomes);
    }

    public ActivationResult changeLicense(String instanceId, String token, String licenseType) {
        Instant now = LockedInstances.now();
        Instance instance = instances.authorized(instanceId, token);
        instance.requireSeat();
        LicenseType type = pool.offered(licenseType, instance.platform());
        if (!instance.licenseType().equals(type.code())) {
            relicense(instance, type, Actor.appliance(instance.id()), now);
        }
        return result(instance, null, false, now);
    }

    private void relicense(Instance instance, LicenseType to, Actor actor, Instant now) {
        String from = instance.licenseType();
        int[] current = pool.change(instance.id(), from, to);
        instance.relicense(to.code());
        relicensed.fire(new InstanceRelicensed(now, instance.id(), from, to.code()));
        notices.fire(new Notice.Batch(List.of(Notice.about(Notice.Type.INSTANCE_RELICENSED, now, instance.id(), instance.hostname(), instance.mac(),
                Map.of("fromLicenseType", from, "licenseType", to.code(), "by", actor.name())))));
        String appliance = AuditLog.appliance(instance.hostname(), instance.mac());
        audit.record(now, actor, instance.id(), AuditLog.licenseChange(from, current[0]) + appliance);
        audit.record(now, actor, instance.id(), AuditLog.activating(to.code(), current[1]) + appliance);
        LOG.info(() -> "Instance " + instance.id() + " relicensed from " + from + " to " + to.code());
    }

    /** The {@code instance.activated} event of a new or re-activated instance. */
    private static Notice activated(Instance instance, boolean reactivated, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("licenseType", instance.licenseType());
        data.put("platform", instance.platform().name());
        data.put("build", instance.build());
        data.put("reactivated", reactivated);
        return Notice.about(Notice.Type.INSTANCE_ACTIVATED, now, instance.id(), instance.hostname(), instance.mac(), data);
    }

    private ActivationResult result(Instance instance, String token, boolean created, Instant now) {
        return result(instance, token, created, leases.sign(instance, now));
    }

    private ActivationResult result(Instance instance, String token, boolean created, Leases.Lease lease) {
        return new ActivationResult(instance.id(), token, instance.licenseType(), instance.status().name(), lease.jws(),
                lease.expiresAt().toString(), config.heartbeatInterval().toSeconds(), created);
    }
}
