package net.activationserver.licensing.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.control.LargeWrite;
import net.activationserver.server.entity.Roles;
import jakarta.annotation.Priority;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.entity.Actor;
import net.activationserver.licensing.control.LicenseEvents;
import net.activationserver.licensing.control.SeatCounts;
import net.activationserver.licensing.control.Seats;
import net.activationserver.licensing.control.VendorKeys;
import net.activationserver.licensing.vendor.VendorTool;
import net.activationserver.licensing.entity.Entitlement;
import net.activationserver.licensing.entity.LicenseFile;
import net.activationserver.licensing.entity.LicenseType;
import net.activationserver.licensing.entity.Platform;
import net.activationserver.server.control.ServerMetrics;
import net.activationserver.server.entity.Starting;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** The licensing facade: installs and removes vendor license files, takes in those appliances contribute, keeps the pool. */
@Stateless
@PermitAll
public class Licensing {

    private static final Logger LOG = Logger.getLogger(Licensing.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Seats seats;

    @Inject
    SeatCounts counts;

    @Inject
    VendorKeys vendorKeys;

    @Inject
    AuditLog audit;

    @Inject
    ServerMetrics metrics;

    @Inject
    LicenseEvents licenseEvents;

    /** Verifies and installs a license file; the same licenseId replaces the installed one. */
    @RolesAllowed(Roles.ADMIN)
    @LargeWrite
    public EntitlementView install(String text, Actor actor) {
        Instant now = Instant.now();
        LicenseFile file = verify(text, now);
        lockPool();
        Entitlement entitlement = em.find(Entitlement.class, file.licenseId());
        if (entitlement != null && entitlement.installedAs(file)) {
            return EntitlementView.of(entitlement, now); // the same file again (automation repeating itself): nothing to do
        }
        boolean replaced = entitlement != null;
        String contributor = replaced ? entitlement.contributedBy() : null;
        if (replaced) {
            entitlement.replaceWith(file, actor.name(), now);
        } else {
            entitlement = new Entitlement(file, actor.name(), now);
            em.persist(entitlement);
        }
        em.flush();
        rebuildPool(now);
        licenseEvents.installed(file, replaced, contributor, actor, now);
        return EntitlementView.of(entitlement, now);
    }

    /**
     * A license file an appliance carries joins the pool while that appliance lives (a client-contributed license).
     * Runs in the caller's transaction (the activation facade has checked the instance's token and seat). The same
     * licenseId counts once in the pool, however many appliances carry it: contributed again, by the same instance or
     * another, the newest contribution replaces the one before; a file already installed on the server stays as it is
     * and the pool does not change (its view, with no contributor, is returned).
     */
    public EntitlementView contribute(String text, String instanceId, String appliance, Instant now) {
        LicenseFile file = verify(text, now);
        Actor actor = Actor.appliance(instanceId);
        lockPool();
        Entitlement entitlement = em.find(Entitlement.class, file.licenseId());
        String before = null;
        if (entitlement == null) {
            entitlement = Entitlement.contributed(file, instanceId, appliance, now);
            em.persist(entitlement);
        } else if (!entitlement.contributed()) {
            audit.record(now, actor, instanceId, "License file " + file.licenseId() + " contributed by " + appliance
                    + " is already installed on the server; the pool is unchanged");
            return EntitlementView.of(entitlement, now);
        } else {
            before = entitlement.contributedBy();
            entitlement.contributedAgain(file, instanceId, appliance, now);
        }
        em.flush();
        rebuildPool(now);
        String grants = file.types().stream().map(t -> t.code() + " x " + t.seats()).collect(Collectors.joining(", "));
        String again = before == null ? "" : before.equals(instanceId) ? " (replacing its earlier contribution)"
                : " (taking it over from instance " + before + ")";
        audit.record(now, actor, instanceId, "License file " + file.licenseId() + " contributed by " + appliance + again + " for "
                + file.customer() + ": instance limit " + file.instanceLimit() + ", " + grants + ", expires " + file.expiresAt()
                + "; its seats are in the pool while this appliance lives");
        if (before != null && !before.equals(instanceId)) {
            audit.record(now, Actor.SYSTEM, before, "Contributed license file " + file.licenseId() + " taken over by instance " + instanceId);
        }
        LOG.info(() -> "License file " + file.licenseId() + " contributed by instance " + instanceId);
        return EntitlementView.of(entitlement, now);
    }

    /**
     * Instances left (deregistered, killed, released, or silent too long, as activation decides): the files they
     * contributed leave the pool. Runs in the caller's transaction; takes the pool lock only when one of them contributed
     * something, and reads their files again under it, so that nodes doing this at once withdraw (and audit) each file
     * exactly once.
     * @return how many files left the pool
     */
    public int withdrawContributionsOf(Collection<String> instanceIds, String why, Instant now) {
        if (instanceIds.isEmpty() || contributionsOf(instanceIds).isEmpty()) {
            return 0;
        }
        lockPool();
        return withdraw(contributionsOf(instanceIds), why, now);
    }

    /** The instances whose contributed files are in the pool. */
    public Set<String> contributors() {
        return new HashSet<>(em.createQuery("SELECT DISTINCT e.contributedBy FROM Entitlement e WHERE e.contributedBy IS NOT NULL",
                String.class).getResultList());
    }

    private List<String> contributionsOf(Collection<String> instanceIds) {
        return em.createQuery("SELECT e.licenseId FROM Entitlement e WHERE e.contributedBy IN :ids", String.class)
                .setParameter("ids", instanceIds).getResultList();
    }

    private int withdraw(List<String> licenseIds, String why, Instant now) {
        int removed = 0;
        for (String licenseId : licenseIds) {
            Entitlement e = em.find(Entitlement.class, licenseId);
            if (e == null || !e.contributed()) {
                continue;
            }
            em.remove(e);
            removed++;
            audit.record(now, Actor.SYSTEM, e.contributedBy(), "Contributed license file " + e.licenseId() + " of instance "
                    + e.contributedBy() + " removed from the pool: " + why);
        }
        if (removed == 0) {
            return 0;
        }
        em.flush();
        rebuildPool(now);
        int count = removed;
        LOG.info(() -> count + " contributed license file(s) left the pool: " + why);
        return removed;
    }

    private LicenseFile verify(String text, Instant now) {
        try {
            return LicenseFile.verify(text, vendorKeys.publicKey(), now);
        } catch (LicenseFile.Invalid e) {
            throw new BadLicenseFileException("The license file was refused: " + e.getMessage() + ". Nothing was changed.");
        }
    }

    @RolesAllowed(Roles.ADMIN)
    @LargeWrite
    public void remove(String licenseId, Actor actor) {
        Instant now = Instant.now();
        lockPool();
        Entitlement entitlement = em.find(Entitlement.class, licenseId);
        if (entitlement == null) {
            return; // gone already (removed before, or never installed): removing it again changes nothing
        }
        em.remove(entitlement);
        em.flush();
        rebuildPool(now);
        licenseEvents.removed(licenseId, actor, now);
    }

    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<EntitlementView> entitlements() {
        Instant now = Instant.now();
        return em.createQuery("SELECT e FROM Entitlement e ORDER BY CASE WHEN e.contributedBy IS NULL THEN 0 ELSE 1 END, e.installedAt", Entitlement.class).getResultList()
                .stream().map(e -> EntitlementView.of(e, now)).toList();
    }

    /** The types offered for a platform, as the activation screen lists them. */
    public List<LicenseTypeView> offeredTypes(Platform platform) {
        return pool().types().stream().filter(t -> t.platforms().contains(platform.name()) && t.seats() > 0).toList();
    }

    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public PoolView pool() {
        Map<String, Integer> used = counts.used();
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
        List<PoolView.Overage> overage = new ArrayList<>();
        if (instances > limit) {
            overage.add(new PoolView.Overage(LicenseType.INSTANCE_LIMIT, limit, instances, instances - limit));
        }
        views.stream().filter(t -> t.used() > t.seats())
                .forEach(t -> overage.add(new PoolView.Overage(t.code(), t.seats(), t.used(), t.used() - t.seats())));
        return new PoolView(limit, instances, views, overage);
    }

    /** First start: every license type's metrics, and in the demo profile its license file, signed with its own vendor key. */
    public void starting(@Observes @Priority(VendorKeys.RESOLVED + 10) Starting starting) {
        registerGauges();
        if (starting.demo()) {
            installDemoLicense();
        }
    }

    private void installDemoLicense() {
        if (!entitlements().isEmpty() || vendorKeys.demoKey().isEmpty()) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String platforms = "[" + java.util.Arrays.stream(Platform.values()).map(p -> "\"" + p.name() + "\"")
                .collect(Collectors.joining(",")) + "]";
        String payload = "{\"licenseId\":\"DEMO-0001\",\"customer\":\"Demo\",\"issuedAt\":\"" + now + "\",\"expiresAt\":\""
                + now.plus(Duration.ofDays(365)) + "\",\"instanceLimit\":25,\"types\":["
                + "{\"code\":\"VLM-MAX\",\"name\":\"VLM unlimited\",\"platforms\":" + platforms + ",\"seats\":20},"
                + "{\"code\":\"VLM-5000G\",\"name\":\"VLM 5 Gbps\",\"platforms\":" + platforms + ",\"seats\":10}]}";
        try {
            install(VendorTool.sign(vendorKeys.demoKey().get().toJSONString(), payload), Actor.SYSTEM);
            LOG.info("Demo profile: installed license file DEMO-0001 (20 x VLM-MAX, 10 x VLM-5000G, instance limit 25).");
        } catch (Exception e) {
            LOG.log(java.util.logging.Level.WARNING, "Demo profile: could not install the demo license file", e);
        }
    }

    /** Publishes every license type's metrics, its seats-in-use gauge and activations counter (at start-up; new types get theirs when installed). */
    public void registerGauges() {
        em.createQuery("SELECT t.code FROM LicenseType t WHERE t.code <> :limit", String.class)
                .setParameter("limit", LicenseType.INSTANCE_LIMIT)
                .getResultList()
                .forEach(code -> metrics.licenseType(code, () -> counts.used(code)));
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
                metrics.licenseType(code, () -> counts.used(code));
            }
        });
    }
}
