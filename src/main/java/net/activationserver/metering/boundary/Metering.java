package net.activationserver.metering.boundary;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.api.InvalidRequestException;
import net.activationserver.metering.entity.UsageReport;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The metering facade: the MELA report over a date range. */
@Stateless
public class Metering {

    static final int MAX_DAYS = 3660;

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    public List<UsageReport.Day> daily(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw InvalidRequestException.field("from", "must not be after to");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw InvalidRequestException.field("to", "the range may span at most " + MAX_DAYS + " days");
        }
        Instant now = Instant.now();
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<UsageReport.Interval> intervals = em.createNativeQuery("SELECT license_type, started_at, ended_at FROM usage_interval"
                        + " WHERE started_at < ?1 AND (ended_at IS NULL OR ended_at > ?2)")
                .setParameter(1, Timestamp.from(end))
                .setParameter(2, Timestamp.from(start))
                .getResultList().stream()
                .map(row -> {
                    Object[] cells = (Object[]) row;
                    return new UsageReport.Interval((String) cells[0], instant(cells[1]), instant(cells[2]));
                })
                .toList();
        return UsageReport.daily(intervals, from, to, now);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return (Instant) value;
    }
}
