package net.activationserver.activation.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.activation.control.Leases;
import net.activationserver.activation.control.LockedInstances;
import net.activationserver.activation.control.Staleness;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.api.ApplianceProof;
import net.activationserver.api.NotAnApplianceException;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.network.entity.Mac;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Nonces;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.ConflictException;
import net.activationserver.server.entity.Notice;
import net.activationserver.server.entity.Roles;

/**
 * Replacing an appliance whose MAC changed (API.md, "Replacement"): its instance keeps its id, seat, network, access
 * settings and history and moves to the new MAC in one transaction, with a new token; the old one stops working at
 * once. By the appliance itself (an activation with {@code replaces}) or by an admin.
 * <p>
 * The old MAC stays the instance's ({@code replaced_mac}) while it holds its seat: an activation of that MAC is refused
 * rather than given a second seat ({@link LockedInstances#requireNotReplaced}), and the MAC-change and such an
 * activation racing on two nodes end with one seat between them (each checks the other's write after its own, under
 * row locks).
 */
@Stateless
@PermitAll
public class Replacements {

    private static final Logger LOG = Logger.getLogger(Replacements.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    LockedInstances instances;

    @Inject
    Nonces nonces;

    @Inject
    Activations activations;

    @Inject
    Leases leases;

    @Inject
    Staleness staleness;

    @Inject
    AuditLog audit;

    @Inject
    AslConfig config;

    @Inject
    net.activationserver.activation.control.Releases releases;

    @Inject
    Event<Notice> notices;

    /** The appliance's own replacement: an activation carrying {@code replaces}. Answered 200 with the same instance id. */
    public ActivationResult replace(ActivationRequest request, ApplianceProof.Verified proof) {
        if (!nonces.registerInTransaction(proof.nonce(), proof.nonceExpiresAt())) {
            throw new NotAnApplianceException("nonce was already used");
        }
        Instance instance = instances.authorized(request.replaces().instanceId(), request.replaces().instanceToken());
        if (instance.status() == InstanceStatus.STALE) {
            staleness.settle(instance.id(), LockedInstances.now());
        }
        instance.requireSeat();
        if (!instance.licenseType().equals(request.licenseType())) {
            activations.changeLicense(instance.id(), request.replaces().instanceToken(), request.licenseType());
        }
        String token = InstanceTokens.newToken();
        Instant now = LockedInstances.now();
        moveTo(instance, request.mac(), token, Actor.appliance(instance.id()), now);
        instance.reactivate(request.platform(), request.hostname(), request.build(), InstanceTokens.hash(token), now);
        Leases.Lease lease = leases.sign(instance, now);
        return new ActivationResult(instance.id(), token, instance.licenseType(), instance.status().name(), lease.jws(),
                lease.expiresAt().toString(), config.heartbeatInterval().toSeconds(), false);
    }

    /**
     * An admin's replacement: the instance moves to the new MAC, its token is replaced (the appliance at the new MAC
     * activates as usual and gets this instance back, with a token of its own).
     */
    @RolesAllowed(Roles.ADMIN)
    public InstanceView replaceByAdmin(String instanceId, Mac newMac, Actor admin) {
        Instance instance = instances.find(instanceId);
        instance.requireSeat();
        moveTo(instance, newMac, InstanceTokens.newToken(), admin, LockedInstances.now());
        return InstanceView.of(instance, config.heartbeatTimeout(), releases.releaseAfter(instance.networkId()));
    }

    private void moveTo(Instance instance, Mac newMac, String token, Actor actor, Instant now) {
        String oldMac = instance.mac();
        if (oldMac.equals(newMac.value())) {
            return; // the same MAC: a re-activation, nothing moves
        }
        List<Instance> holder = em.createNamedQuery(Instance.BY_SEAT_MAC, Instance.class).setParameter("mac", newMac.value())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        if (!holder.isEmpty()) {
            throw new ConflictException("MAC " + newMac.value() + " already holds a seat as instance " + holder.get(0).id()
                    + "; deregister that instance first, or replace it instead.");
        }
        instance.replaceMac(newMac, InstanceTokens.hash(token));
        em.flush();
        // an activation of the old MAC that committed meanwhile holds a seat of its own: this replacement would make two
        if (!em.createQuery("SELECT i.id FROM Instance i WHERE i.seatMac = :old AND i.id <> :id", String.class)
                .setParameter("old", oldMac).setParameter("id", instance.id()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList().isEmpty()) {
            throw new ConflictException("MAC " + oldMac + " was activated as another instance meanwhile; nothing was replaced.");
        }
        audit.record(now, actor, instance.id(), "ASL instance replaced. Old MAC was " + oldMac + ", new MAC is " + newMac.value()
                + AuditLog.appliance(instance.hostname(), newMac.value()));
        notices.fire(Notice.about(Notice.Type.INSTANCE_REPLACED, now, instance.id(), instance.hostname(), newMac.value(),
                Map.of("oldMac", oldMac, "licenseType", instance.licenseType(), "by", actor.name())));
        LOG.info(() -> "Instance " + instance.id() + " replaced: MAC " + oldMac + " is now " + newMac.value() + " (" + actor.name() + ")");
    }
}
