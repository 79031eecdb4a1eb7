package net.activationserver.activation.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.activation.control.Leases;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.audit.entity.Actor;
import net.activationserver.licensing.control.Pool;
import net.activationserver.licensing.entity.LicenseType;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.ServerMetrics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The activation facade, the transaction boundary of every appliance call and of admin deregistration.
 * Each method is one transaction: seats, the instance and its audit lines change together or not at all.
 */
@Stateless
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

    /**
     * Activates an appliance: a new seat for a new MAC (201), or the held seat for a MAC that already has one (200),
     * relicensed when it asks for another type.
     */
    public ActivationResult activate(ActivationRequest request) {
        Instant now = now();
        LicenseType type = pool.offered(request.licenseType(), request.platform());
        String token = InstanceTokens.newToken();
        List<Instance> holding = em.createNamedQuery(Instance.BY_SEAT_MAC, Instance.class)
                .setParameter("mac", request.mac().value())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (!holding.isEmpty()) {
            Instance instance = holding.get(0);
            if (!instance.licenseType().equals(type.code())) {
                relicense(instance, type, Actor.appliance(instance.id()), now);
            }
            instance.reactivate(request.platform(), request.hostname(), request.build(), InstanceTokens.hash(token), now);
            audit.record(now, Actor.appliance(instance.id()), instance.id(), "ASL instance re-activated with ASL License "
                    + instance.licenseType() + " (MAC " + instance.mac() + " already holds a seat). Current activations is "
                    + pool.used(instance.licenseType()));
            return result(instance, token, false, now);
        }
        Instance instance = new Instance(request.mac(), request.platform(), request.hostname(), request.build(), type.code(),
                InstanceTokens.hash(token), null, now);
        em.persist(instance);
        try {
            em.flush();
        } catch (PersistenceException sameMacAtOnce) {
            throw new SameMacRaceException(request.mac().value());
        }
        int current = pool.take(instance.id(), type);
        audit.record(now, Actor.appliance(instance.id()), instance.id(), AuditLog.activating(type.code(), current));
        metrics.activated(type.code());
        LOG.info(() -> "Activated instance " + instance.id() + " (MAC " + instance.mac() + ") with " + type.code());
        return result(instance, token, true, now);
    }

    public HeartbeatResult heartbeat(String instanceId, String token, String build) {
        Instant now = now();
        Instance instance = authorized(instanceId, token);
        if (instance.heartbeat(build, now)) {
            audit.record(now, Actor.appliance(instance.id()), instance.id(), "ASL instance resumed heartbeats; it is ACTIVE again");
        }
        metrics.heartbeat();
        Leases.Lease lease = leases.sign(instance, now);
        return new HeartbeatResult(instance.status().name(), lease.jws(), lease.expiresAt().toString(), AslConfig.heartbeatInterval().toSeconds());
    }

    public ActivationResult changeLicense(String instanceId, String token, String licenseType) {
        Instant now = now();
        Instance instance = authorized(instanceId, token);
        instance.requireSeat();
        LicenseType type = pool.offered(licenseType, instance.platform());
        if (!instance.licenseType().equals(type.code())) {
            relicense(instance, type, Actor.appliance(instance.id()), now);
        }
        return result(instance, null, false, now);
    }

    /** The appliance's own "Kill LoadMaster". */
    public void kill(String instanceId, String token) {
        Instant now = now();
        Instance instance = authorized(instanceId, token);
        end(instance, InstanceStatus.DEREGISTERED, Actor.appliance(instance.id()), "deregistered by the appliance (Kill LoadMaster)", now);
    }

    /** Deregistration from the server side; the appliance gets 410 at its next call. */
    public void deregister(String instanceId, Actor admin) {
        Instant now = now();
        Instance instance = find(instanceId);
        end(instance, InstanceStatus.DEREGISTERED, admin, "deregistered by " + admin.name(), now);
    }

    public InstanceView instance(String instanceId) {
        return InstanceView.of(find(instanceId));
    }

    /** Instances, newest activation first, optionally of one status, license type or MAC. */
    public List<InstanceView> instances(InstanceStatus status, String licenseType, String mac, int offset, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT i FROM Instance i WHERE 1 = 1");
        if (status != null) jpql.append(" AND i.status = :status");
        if (licenseType != null) jpql.append(" AND i.licenseType = :type");
        if (mac != null) jpql.append(" AND i.mac = :mac");
        TypedQuery<Instance> query = em.createQuery(jpql.append(" ORDER BY i.activatedAt DESC, i.id").toString(), Instance.class);
        if (status != null) query.setParameter("status", status);
        if (licenseType != null) query.setParameter("type", licenseType);
        if (mac != null) query.setParameter("mac", mac);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(InstanceView::of).toList();
    }

    public String addLeaseKey(Actor admin) {
        Instant now = now();
        String kid = leases.addKey(now);
        audit.record(now, admin, null, "Lease signing key " + kid + " added by " + admin.name());
        return kid;
    }

    private void relicense(Instance instance, LicenseType to, Actor actor, Instant now) {
        String from = instance.licenseType();
        int[] current = pool.change(instance.id(), from, to);
        instance.relicense(to.code());
        audit.record(now, actor, instance.id(), AuditLog.licenseChange(from, current[0]));
        audit.record(now, actor, instance.id(), AuditLog.activating(to.code(), current[1]));
        LOG.info(() -> "Instance " + instance.id() + " relicensed from " + from + " to " + to.code());
    }

    private void end(Instance instance, InstanceStatus status, Actor actor, String how, Instant now) {
        instance.requireSeat();
        String type = instance.licenseType();
        instance.end(status, now);
        int current = pool.release(instance.id(), type);
        audit.record(now, actor, instance.id(), "ASL instance with ASL License " + type + " (MAC " + instance.mac() + ") "
                + how + ". Current activations is " + current);
        LOG.info(() -> "Instance " + instance.id() + " (MAC " + instance.mac() + ") " + how);
    }

    private Instance authorized(String instanceId, String token) {
        Instance instance = find(instanceId);
        if (token == null) {
            throw new BadInstanceTokenException(instanceId, "no bearer token");
        }
        if (!instance.tokenMatches(InstanceTokens.hash(token))) {
            throw new BadInstanceTokenException(instanceId, "the bearer token does not match");
        }
        return instance;
    }

    private Instance find(String instanceId) {
        if (!isUuid(instanceId)) {
            throw new UnknownInstanceException(instanceId);
        }
        Instance instance = em.find(Instance.class, instanceId, LockModeType.PESSIMISTIC_WRITE);
        if (instance == null) {
            throw new UnknownInstanceException(instanceId);
        }
        return instance;
    }

    private static boolean isUuid(String text) {
        try {
            return text != null && text.length() == 36 && UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private ActivationResult result(Instance instance, String token, boolean created, Instant now) {
        Leases.Lease lease = leases.sign(instance, now);
        return new ActivationResult(instance.id(), token, instance.licenseType(), instance.status().name(), lease.jws(),
                lease.expiresAt().toString(), AslConfig.heartbeatInterval().toSeconds(), created);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
