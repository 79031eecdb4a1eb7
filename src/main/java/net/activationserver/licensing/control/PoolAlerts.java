package net.activationserver.licensing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.activationserver.licensing.entity.LicenseType;
import net.activationserver.licensing.entity.PoolLevel;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.entity.Notice;

/**
 * The pool's alerts, in the caller's transaction: each pool's level against {@code asl.alerts.threshold-percent}
 * ({@code pool.threshold} up and down, {@code pool.exhausted}, {@code pool.overage}) and each license file's approach
 * to its end ({@code license.expiring} at each of {@code asl.alerts.license-days}, {@code license.expired}). Each
 * change is written with a guard on the level or stage it replaces, so that of several nodes watching at once exactly
 * one reports it.
 */
@ApplicationScoped
public class PoolAlerts {

    public static final String LICENSE_DAYS = "asl.alerts.license-days";

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    SeatCounts counts;

    @Inject
    AslConfig config;

    @Inject
    LicenseEvents licenseEvents;

    @Inject
    Event<Notice> notices;

    /** Reports every pool whose level changed since it was last reported. @return how many changed */
    public int levels(Instant now) {
        int threshold = config.alertThresholdPercent();
        Map<String, Integer> used = counts.used();
        Map<String, String> reported = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT pool, level FROM pool_level").getResultList()) {
            reported.put((String) ((Object[]) row)[0], (String) ((Object[]) row)[1]);
        }
        int changed = 0;
        for (LicenseType type : em.createQuery("SELECT t FROM LicenseType t ORDER BY t.code", LicenseType.class).getResultList()) {
            int inUse = used.getOrDefault(type.code(), 0);
            PoolLevel from = PoolLevel.valueOf(reported.getOrDefault(type.code(), PoolLevel.NORMAL.name()));
            PoolLevel to = PoolLevel.of(inUse, type.seats(), threshold);
            if (from != to && moved(type.code(), reported.containsKey(type.code()), from, to, now)) {
                changed++;
                report(type, inUse, threshold, from, to, now);
            }
        }
        return changed;
    }

    private boolean moved(String pool, boolean known, PoolLevel from, PoolLevel to, Instant now) {
        if (!known) {
            return em.createNativeQuery("INSERT IGNORE INTO pool_level (pool, level, changed_at) VALUES (?1, ?2, ?3)")
                    .setParameter(1, pool).setParameter(2, to.name()).setParameter(3, Timestamp.from(now)).executeUpdate() == 1;
        }
        return em.createNativeQuery("UPDATE pool_level SET level = ?1, changed_at = ?2 WHERE pool = ?3 AND level = ?4")
                .setParameter(1, to.name()).setParameter(2, Timestamp.from(now)).setParameter(3, pool).setParameter(4, from.name())
                .executeUpdate() == 1;
    }

    private void report(LicenseType type, int used, int threshold, PoolLevel from, PoolLevel to, Instant now) {
        boolean limit = type.code().equals(LicenseType.INSTANCE_LIMIT);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pool", type.code());
        data.put("licenseType", limit ? null : type.code());
        data.put("name", limit ? "Instance limit" : type.name());
        data.put("used", used);
        data.put("seats", type.seats());
        data.put("percent", type.seats() == 0 ? 100 : (int) Math.min(999, (long) used * 100 / type.seats()));
        data.put("thresholdPercent", threshold);
        data.put("level", to.name());
        List<Notice> events = new ArrayList<>();
        if (from.risesPastThreshold(to) || from.fallsBelowThreshold(to)) {
            Map<String, Object> crossing = new LinkedHashMap<>(data);
            crossing.put("direction", from.risesPastThreshold(to) ? "up" : "down");
            events.add(Notice.of(Notice.Type.POOL_THRESHOLD, now, crossing));
        }
        if (from.becomesFull(to)) {
            events.add(Notice.of(Notice.Type.POOL_EXHAUSTED, now, data));
        }
        if (from.becomesOver(to)) {
            events.add(Notice.of(Notice.Type.POOL_OVERAGE, now, data));
        }
        events.forEach(notices::fire);
    }

    /** Reports each license file reaching a stage of its end once. @return how many were reported */
    public int expiries(Instant now) {
        List<Integer> stages = stages();
        int reported = 0;
        for (Object row : em.createNativeQuery("SELECT license_id, customer, expires_at, expiry_notice FROM entitlement").getResultList()) {
            Object[] c = (Object[]) row;
            Instant expiresAt = c[2] instanceof Timestamp t ? t.toInstant() : ((java.time.LocalDateTime) c[2]).toInstant(java.time.ZoneOffset.UTC);
            Integer noted = c[3] == null ? null : ((Number) c[3]).intValue();
            Integer stage = stage(expiresAt, now, stages);
            if (stage == null ? noted != null : noted != null && noted < stage) {
                // renewed (replaced by a file that ends later): its stages start again, without an event
                em.createNativeQuery("UPDATE entitlement SET expiry_notice = ?1 WHERE license_id = ?2").setParameter(1, stage)
                        .setParameter(2, c[0]).executeUpdate();
            } else if (stage != null && (noted == null || noted > stage) && em.createNativeQuery("UPDATE entitlement SET expiry_notice = ?1"
                            + " WHERE license_id = ?2 AND (expiry_notice IS NULL OR expiry_notice > ?1)")
                    .setParameter(1, stage).setParameter(2, c[0]).executeUpdate() == 1) {
                licenseEvents.expiring((String) c[0], (String) c[1], expiresAt, stage, now);
                reported++;
            }
        }
        return reported;
    }

    /** The smallest stage (days ahead) the file has reached, 0 once expired, or null before the first. */
    static Integer stage(Instant expiresAt, Instant now, List<Integer> stages) {
        if (!expiresAt.isAfter(now)) {
            return 0;
        }
        Integer reached = null;
        for (int days : stages) {
            if (!expiresAt.isAfter(now.plus(Duration.ofDays(days))) && (reached == null || days < reached)) {
                reached = days;
            }
        }
        return reached;
    }

    /** {@value #LICENSE_DAYS}: whole days ahead, comma-separated, default 30, 7 and 1. */
    List<Integer> stages() {
        String value = config.string(LICENSE_DAYS).orElse("30,7,1");
        try {
            List<Integer> days = Arrays.stream(value.split(",")).map(String::strip).map(Integer::parseInt).toList();
            if (days.stream().anyMatch(d -> d < 1)) {
                throw new NumberFormatException();
            }
            return days;
        } catch (NumberFormatException e) {
            throw AslConfig.cannotStart(LICENSE_DAYS, "must be whole numbers of days from 1 up, comma-separated (such as 30,7,1), not " + value);
        }
    }
}
