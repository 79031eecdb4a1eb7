package net.activationserver.licensing.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.audit.entity.Actor;
import net.activationserver.licensing.control.Seats;
import net.activationserver.licensing.entity.Entitlement;
import net.activationserver.licensing.entity.LicenseFile;
import net.activationserver.licensing.entity.LicenseType;
import net.activationserver.licensing.entity.Platform;
import net.activationserver.server.control.ServerKeys;
import net.activationserver.server.control.ServerMetrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** The licensing facade: installs and removes vendor license files and keeps the pool they add up to. */
@Stateless
public class Licensing {

    private static final Logger LOG = Logger.getLogger(Licensing.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Seats seats;

    @Inject
    ServerKeys keys;

    @Inject
    AuditLog audit;

    @Inject
    ServerMetrics metrics;

    /** Verifies and installs a license file; the same licenseId replaces the installed one. */
    public EntitlementView install(String text, Actor actor) {
        Instant now = Instant.now();
        LicenseFile file;
        try {
            file = LicenseFile.verify(text, keys.vendorPublicKey(), now);
        } catch (LicenseFile.Invalid e) {
            throw new BadLicenseFileException("The license file was refused: " + e.getMessage() + ". Nothing was changed.");
        }
        lockPool();
        Entitlement entitlement = em.find(Entitlement.class, file.licenseId());
        boolean replaced = entitlement != null;
        if (replaced) {
            entitlement.replaceWith(file, actor.name(), now);
        } else {
            entitlement = new Entitlement(file, actor.name(), now);
            em.persist(entitlement);
        }
        em.flush();
        rebuildPool(now);
        String grants = file.types().stream().map(t -> t.code() + " x " + t.seats()).collect(Collectors.joining(", "));
        audit.record(now, actor, null, "License file " + file.licenseId() + (replaced ? " replaced" : " installed") + " for "
                + file.customer() + ": instance limit " + file.instanceLimit() + ", " + grants + ", expires " + file.expiresAt());
        LOG.info(() -> "License file " + file.licenseId() + (replaced ? " replaced" : " installed") + " by " + actor.name());
        return EntitlementView.of(entitlement, now);
    }

    public void remove(String licenseId, Actor actor) {
        Instant now = Instant.now();
        lockPool();
        Entitlement entitlement = em.find(Entitlement.class, licenseId);
        if (entitlement == null) {
            throw new UnknownEntitlementException(licenseId);
        }
        em.remove(entitlement);
        em.flush();
        rebuildPool(now);
        audit.record(now, actor, null, "License file " + licenseId + " removed");
        LOG.info(() -> "License file " + licenseId + " removed by " + actor.name());
    }

    public List<EntitlementView> entitlements() {
        Instant now = Instant.now();
        return em.createQuery("SELECT e FROM Entitlement e ORDER BY e.installedAt", Entitlement.class).getResultList()
                .stream().map(e -> EntitlementView.of(e, now)).toList();
    }

    /** The types offered for a platform, as the activation screen lists them. */
    public List<LicenseTypeView> offeredTypes(Platform platform) {
        return pool().types().stream().filter(t -> t.platforms().contains(platform.name()) && t.seats() > 0).toList();
    }

    public PoolView pool() {
        Map<String, Integer> used = usedByPool();
        int limit = 0;
        List<LicenseType> types = new ArrayList<>();
        for (LicenseType type : em.createQuery("SELECT t FROM LicenseType t ORDER BY t.code", LicenseType.class).getResultList()) {
            if (type.code().equals(LicenseType.INSTANCE_LIMIT)) {
                limit = type.seats();
            } else {
                types.add(type);
            }
        }
        int instances = used.getOrDefault(LicenseType.INSTANCE_LIMIT, 0);
        int globalFree = Math.max(0, limit - instances);
        List<LicenseTypeView> views = types.stream().map(t -> {
            int inUse = used.getOrDefault(t.code(), 0);
            return new LicenseTypeView(t.code(), t.name(), t.platforms().stream().map(Enum::name).toList(), t.seats(), inUse,
                    Math.min(globalFree, Math.max(0, t.seats() - inUse)));
        }).toList();
        return new PoolView(limit, instances, views);
    }

    /** Publishes a seats-in-use gauge for every license type (at start-up; new types get theirs when installed). */
    public void registerGauges() {
        em.createQuery("SELECT t.code FROM LicenseType t WHERE t.code <> :limit", String.class)
                .setParameter("limit", LicenseType.INSTANCE_LIMIT)
                .getResultList()
                .forEach(code -> metrics.seatsInUse(code, () -> seats.used(code)));
    }

    /** Brings the pool in line with the unexpired files when one has expired since it was last built. */
    public boolean refreshIfExpired() {
        Instant now = Instant.now();
        Map<String, Integer> expected = capacities(now).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().seats));
        Map<String, Integer> current = em.createQuery("SELECT t FROM LicenseType t", LicenseType.class).getResultList().stream()
                .filter(t -> t.seats() > 0 || expected.containsKey(t.code()))
                .collect(Collectors.toMap(LicenseType::code, LicenseType::seats));
        if (expected.equals(current)) {
            return false;
        }
        lockPool();
        rebuildPool(now);
        audit.record(now, Actor.SYSTEM, null, "Pool rebuilt: a license file expired");
        return true;
    }

    private Map<String, Integer> usedByPool() {
        Map<String, Integer> used = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT pool, COUNT(*) FROM seat WHERE instance_id IS NOT NULL GROUP BY pool").getResultList()) {
            Object[] cells = (Object[]) row;
            used.put((String) cells[0], ((Number) cells[1]).intValue());
        }
        return used;
    }

    /** Serialises changes of the pool's capacity (never activations): the global limit row, locked. */
    private void lockPool() {
        em.find(LicenseType.class, LicenseType.INSTANCE_LIMIT, LockModeType.PESSIMISTIC_WRITE);
    }

    private static final class Capacity {
        String name;
        final Set<Platform> platforms = new LinkedHashSet<>();
        int seats;
    }

    private Map<String, Capacity> capacities(Instant now) {
        Map<String, Capacity> result = new LinkedHashMap<>();
        Capacity limit = new Capacity();
        limit.name = "Instance limit";
        result.put(LicenseType.INSTANCE_LIMIT, limit);
        for (Entitlement e : em.createQuery("SELECT e FROM Entitlement e WHERE e.expiresAt > :now ORDER BY e.installedAt", Entitlement.class)
                .setParameter("now", now).getResultList()) {
            limit.seats += e.instanceLimit();
            for (Entitlement.Grant grant : e.types()) {
                Capacity capacity = result.computeIfAbsent(grant.code(), code -> new Capacity());
                capacity.name = grant.name();
                capacity.platforms.addAll(grant.platforms());
                capacity.seats += grant.seats();
            }
        }
        return result;
    }

    /** Recomputes every type's seats and the global limit from the unexpired files (the caller holds the pool lock). */
    private void rebuildPool(Instant now) {
        Map<String, Capacity> capacities = capacities(now);
        for (LicenseType type : em.createQuery("SELECT t FROM LicenseType t", LicenseType.class).getResultList()) {
            if (!capacities.containsKey(type.code())) {
                type.define(type.name(), type.platforms(), 0);
                seats.resize(type.code(), 0);
            }
        }
        capacities.forEach((code, capacity) -> {
            LicenseType type = em.find(LicenseType.class, code);
            if (type == null) {
                type = new LicenseType(code);
                em.persist(type);
            }
            type.define(capacity.name, List.copyOf(capacity.platforms), capacity.seats);
            seats.resize(code, capacity.seats);
            if (!code.equals(LicenseType.INSTANCE_LIMIT)) {
                metrics.seatsInUse(code, () -> seats.used(code));
            }
        });
    }
}
