package net.activationserver.metering.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import net.activationserver.metering.entity.UsageReport;
import net.activationserver.server.entity.InstanceEnded;
import net.activationserver.server.entity.InstanceRelicensed;
import net.activationserver.server.entity.InstancesActivated;
import net.activationserver.server.entity.InstancesReleased;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Records seat-holding intervals as instances take, move and give up seats (it observes activation's events, inside the
 * transaction that fires them, so usage and seats never disagree), and reads them back for the report. Every timestamp written is the writing transaction's own clock reading ({@code now} of the
 * activation, relicense, deregistration, kill or sweep), never an earlier time such as a last heartbeat: the rollup
 * rule of docs/DECISIONS.md depends on it.
 */
@ApplicationScoped
public class UsageLog {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    /** New instances start an interval each, in one statement. */
    void activated(@Observes InstancesActivated activated) {
        started(activated.licenseTypeByInstance(), activated.at());
    }

    /** A relicensed instance's interval ends, and one of its new type starts at the same instant. */
    void relicensed(@Observes InstanceRelicensed relicensed) {
        ended(relicensed.instanceId(), relicensed.at());
        started(Map.of(relicensed.instanceId(), relicensed.toLicenseType()), relicensed.at());
    }

    void ended(@Observes InstanceEnded ended) {
        ended(ended.instanceId(), ended.at());
    }

    /** Closes, in one statement, the open intervals of the instances the sweep released. */
    void released(@Observes InstancesReleased released) {
        Query update = em.createNativeQuery("UPDATE usage_interval u JOIN (" + released.instanceIds() + ") r ON r.id = u.instance_id"
                + " SET u.ended_at = :endedAt WHERE u.ended_at IS NULL");
        released.parameters().forEach(update::setParameter);
        update.setParameter("endedAt", Timestamp.from(released.at())).executeUpdate();
    }

    /** Opens an interval per instance, in one statement. @param typeByInstance each instance's license type */
    private void started(Map<String, String> typeByInstance, Instant at) {
        if (typeByInstance.isEmpty()) {
            return;
        }
        Query insert = em.createNativeQuery("INSERT INTO usage_interval (instance_id, license_type, started_at) VALUES "
                + String.join(", ", Collections.nCopies(typeByInstance.size(), "(?, ?, ?)")));
        Timestamp when = Timestamp.from(at);
        int p = 1;
        for (Map.Entry<String, String> started : typeByInstance.entrySet()) {
            insert.setParameter(p++, started.getKey()).setParameter(p++, started.getValue()).setParameter(p++, when);
        }
        insert.executeUpdate();
    }

    private void ended(String instanceId, Instant at) {
        em.createNativeQuery("UPDATE usage_interval SET ended_at = ?1 WHERE instance_id = ?2 AND ended_at IS NULL")
                .setParameter(1, Timestamp.from(at))
                .setParameter(2, instanceId)
                .executeUpdate();
    }

    /**
     * What the report needs to compute the days of [{@code start}, {@code end}): each interval that starts or ends
     * inside it, and the ones spanning all of it as one counted interval per type (there may be a hundred thousand
     * of those; they are counted in the database, from the covering index, instead of being listed).
     */
    public List<UsageReport.Interval> during(Instant start, Instant end, Optional<Map<String, Integer>> heldAtStart) {
        List<UsageReport.Interval> intervals = new ArrayList<>();
        Map<String, Integer> spanning = new TreeMap<>(heldAtStart.orElse(Map.of()));
        for (Object row : em.createNativeQuery("SELECT license_type, started_at, ended_at FROM usage_interval"
                        + " WHERE started_at >= ?1 AND started_at < ?2"
                        + " UNION ALL SELECT license_type, started_at, ended_at FROM usage_interval"
                        + " WHERE ended_at > ?1 AND ended_at < ?2 AND started_at < ?1")
                .setParameter(1, Timestamp.from(start))
                .setParameter(2, Timestamp.from(end))
                .getResultList()) {
            Object[] cells = (Object[]) row;
            UsageReport.Interval interval = new UsageReport.Interval((String) cells[0], instant(cells[1]), instant(cells[2]));
            intervals.add(interval);
            if (interval.start().isBefore(start)) { // held at the start, ended in the window: not spanning it
                spanning.merge(interval.licenseType(), -1, Integer::sum);
            }
        }
        if (heldAtStart.isPresent()) {
            // held at the start and ended exactly then: counted as held (UsageReport#heldAt), spans nothing
            for (Object row : em.createNativeQuery("SELECT license_type, COUNT(*) FROM usage_interval WHERE ended_at = ?1 AND started_at < ?1"
                            + " GROUP BY license_type")
                    .setParameter(1, Timestamp.from(start))
                    .getResultList()) {
                Object[] cells = (Object[]) row;
                spanning.merge((String) cells[0], -((Number) cells[1]).intValue(), Integer::sum);
            }
        } else {
            spanning.clear();
            for (Object row : em.createNativeQuery("SELECT license_type, COUNT(*) FROM usage_interval"
                            + " WHERE (ended_at IS NULL OR ended_at >= ?2) AND started_at < ?1 GROUP BY license_type")
                    .setParameter(1, Timestamp.from(start))
                    .setParameter(2, Timestamp.from(end))
                    .getResultList()) {
                Object[] cells = (Object[]) row;
                spanning.put((String) cells[0], ((Number) cells[1]).intValue());
            }
        }
        // the seats held from the start to the end of the window: one interval per type, as many seats
        spanning.forEach((type, seats) -> intervals.add(new UsageReport.Interval(type, start, null, seats)));
        return intervals;
    }

    /** When the first seat was taken: no usage before. */
    public Optional<Instant> firstStart() {
        return Optional.ofNullable(instant(em.createNativeQuery("SELECT MIN(started_at) FROM usage_interval").getSingleResult()));
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return (Instant) value;
    }
}
