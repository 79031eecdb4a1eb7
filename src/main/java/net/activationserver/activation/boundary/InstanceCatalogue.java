package net.activationserver.activation.boundary;

import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import net.activationserver.activation.control.LockedInstances;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.activation.entity.SweepMark;
import net.activationserver.server.control.AslConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.time.Duration;
import java.util.function.Function;
import java.util.Map;

/** The instance catalogue, what admins read: one instance, pages of them by filter and order, counts by status. */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
public class InstanceCatalogue {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    LockedInstances instances;

    @Inject
    AslConfig config;

    @Inject
    net.activationserver.activation.control.Releases releases;

    public InstanceView instance(String instanceId) {
        return views().apply(instances.find(instanceId));
    }

    /**
     * The instances of these ids that exist, by id: what the console shows beside audit lines (host name and MAC instead
     * of an id). One primary-key lookup per id; at most {@code MAX_LOOKUP} ids are read.
     */
    public Map<String, InstanceView> instances(java.util.Collection<String> instanceIds) {
        List<String> ids = instanceIds.stream().filter(java.util.Objects::nonNull).distinct().limit(MAX_LOOKUP).toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, InstanceView> found = new LinkedHashMap<>();
        Function<Instance, InstanceView> view = views();
        em.createQuery("SELECT i FROM Instance i WHERE i.id IN :ids", Instance.class).setParameter("ids", ids).getResultList()
                .forEach(i -> found.put(i.id(), view.apply(i)));
        return found;
    }

    /** The most ids {@link #instances(java.util.Collection)} reads at once (a page of the Logs). */
    public static final int MAX_LOOKUP = 1_000;

    /** Views of instances with the heartbeat timeout and each one's release ({@link Releases}) as configured now. */
    private Function<Instance, InstanceView> views() {
        Duration timeout = config.heartbeatTimeout();
        return instance -> InstanceView.of(instance, timeout, releases.releaseAfter(instance.networkId()));
    }

    /** One page of instances, most recent heartbeat first, and the cursor of the next page (null on the last). */
    public record InstancePage(List<InstanceView> instances, String next) {
    }

    /**
     * Instances, most recent heartbeat first, optionally of one status, license type or MAC. Keyset paging on
     * (last heartbeat, id): every page is an index range read, however deep, at any number of instances.
     */
    public InstancePage instances(InstanceStatus status, String licenseType, String mac, PageCursor after, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT i FROM Instance i WHERE ").append(where(status, licenseType, mac));
        if (after != null) jpql.append(" AND (i.lastHeartbeatAt < :at OR (i.lastHeartbeatAt = :at AND i.id < :id))");
        TypedQuery<Instance> query = em.createQuery(jpql.append(" ORDER BY i.lastHeartbeatAt DESC, i.id DESC").toString(), Instance.class);
        bind(query, status, licenseType, mac);
        if (after != null) query.setParameter("at", after.lastHeartbeatAt()).setParameter("id", after.id());
        List<Instance> rows = query.setMaxResults(limit + 1).getResultList();
        boolean more = rows.size() > limit;
        List<Instance> page = more ? rows.subList(0, limit) : rows;
        String next = more ? PageCursor.of(page.get(limit - 1).lastHeartbeatAt(), page.get(limit - 1).id()).encode() : null;
        return new InstancePage(page.stream().map(views()).toList(), next);
    }

    /**
     * The console's lazy table: one page by offset, most recent heartbeat first, filtered as {@link InstanceSearch} says;
     * a status, type or whole MAC reads one of the (status | license type | MAC, last heartbeat) indexes.
     */
    public List<InstanceView> instancesAt(InstanceSearch search, int first, int limit) {
        return instancesAt(search, null, false, first, limit);
    }

    /**
     * {@link #instancesAt(InstanceSearch, int, int)} sorted by one of the whitelisted orders (null: most recent heartbeat
     * first), in the database, on an index ending in the id.
     */
    public List<InstanceView> instancesAt(InstanceSearch search, InstanceSort sort, boolean ascending, int first, int limit) {
        String order = sort == null ? InstanceSort.DEFAULT_ORDER : sort.orderBy(ascending);
        TypedQuery<Instance> query = em.createQuery("SELECT i FROM Instance i WHERE " + where(search) + " ORDER BY " + order, Instance.class);
        bind(query, search);
        return query.setFirstResult(first).setMaxResults(limit).getResultList().stream().map(views()).toList();
    }

    /** How many instances {@link #instancesAt} pages through. */
    public long countInstances(InstanceSearch search) {
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(i) FROM Instance i WHERE " + where(search), Long.class);
        bind(query, search);
        return query.getSingleResult();
    }

    /** Instances by status, for the dashboard (every status present, zero where none). */
    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (InstanceStatus status : InstanceStatus.values()) {
            counts.put(status.name(), 0L);
        }
        for (Object[] row : em.createQuery("SELECT i.status, COUNT(i) FROM Instance i GROUP BY i.status", Object[].class).getResultList()) {
            counts.put(((InstanceStatus) row[0]).name(), (Long) row[1]);
        }
        long stale = em.createQuery("SELECT COUNT(i) FROM Instance i WHERE i.status = :active AND " + SweepMark.FLAGGED, Long.class)
                .setParameter("active", InstanceStatus.ACTIVE).getSingleResult();
        counts.put(InstanceStatus.ACTIVE.name(), counts.get(InstanceStatus.ACTIVE.name()) - stale);
        counts.put(InstanceStatus.STALE.name(), stale);
        return counts;
    }

    /**
     * The filters. STALE is ACTIVE and silent since before the sweep's mark ({@link SweepMark}): a range of the
     * (status, last heartbeat) index.
     */
    private static String where(InstanceStatus status, String licenseType, String mac) {
        return where(new InstanceSearch(status, licenseType, mac, null));
    }

    private static String where(InstanceSearch search) {
        InstanceStatus status = search.status();
        StringBuilder where = new StringBuilder("1 = 1");
        if (status == InstanceStatus.STALE) where.append(" AND i.status = :status AND ").append(SweepMark.FLAGGED);
        else if (status == InstanceStatus.ACTIVE) where.append(" AND i.status = :status AND NOT ").append(SweepMark.FLAGGED);
        else if (status != null) where.append(" AND i.status = :status");
        if (search.licenseType() != null) where.append(" AND i.licenseType = :type");
        if (search.mac() != null) where.append(" AND i.mac = :mac");
        // a piece of a host name or MAC: no index can find it (a leading wildcard), so this is a scan (docs/DECISIONS.md)
        if (search.text() != null) where.append(" AND (i.mac LIKE :macText ESCAPE '!' OR LOWER(i.hostname) LIKE :hostText ESCAPE '!')");
        return where.toString();
    }

    private static void bind(TypedQuery<?> query, InstanceStatus status, String licenseType, String mac) {
        bind(query, new InstanceSearch(status, licenseType, mac, null));
    }

    private static void bind(TypedQuery<?> query, InstanceSearch search) {
        InstanceStatus status = search.status();
        if (status != null) query.setParameter("status", status == InstanceStatus.STALE ? InstanceStatus.ACTIVE : status);
        if (search.licenseType() != null) query.setParameter("type", search.licenseType());
        if (search.mac() != null) query.setParameter("mac", search.mac());
        if (search.text() != null) query.setParameter("macText", search.macPattern()).setParameter("hostText", search.hostnamePattern());
    }
}
