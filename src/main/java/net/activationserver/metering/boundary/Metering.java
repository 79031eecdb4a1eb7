package net.activationserver.metering.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.control.Retries;
import net.activationserver.server.entity.Roles;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.metering.control.Rollups;
import net.activationserver.metering.control.UsageLog;
import net.activationserver.metering.entity.UsageReport;
import net.activationserver.server.control.AslConfig;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The metering facade: the MELA report over a date range (daily and monthly), and the daily rollups that keep it fast.
 * A closed day is read from its rollup when there is one; today, the days not yet settled (see {@link #lastSettledDay})
 * and any day without a complete rollup are computed from the intervals. Either way the figures are the same.
 */
@Stateless
@PermitAll
public class Metering {

    private static final Logger LOG = Logger.getLogger(Metering.class.getName());

    static final int MAX_DAYS = 3660;
    /** Days computed and written in one transaction. */
    static final int DAYS_PER_TRANSACTION = 31;
    /** How far back the timer looks for days to roll up (older gaps: {@link #recompute}). */
    static final int TIMER_LOOKBACK_DAYS = 400;

    @Inject
    UsageLog usage;

    @Inject
    Rollups rollups;

    @Inject
    AslConfig config;

    @Resource
    SessionContext context;

    /** Per day (UTC) and license type, every day of the range that has begun. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<UsageReport.Day> daily(LocalDate from, LocalDate to) {
        check(from, to);
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate last = to.isAfter(today) ? today : to;
        if (from.isAfter(last)) {
            return List.of();
        }
        Optional<Instant> firstUse = usage.firstStart();
        if (firstUse.isEmpty()) {
            return List.of();
        }
        LocalDate firstDay = LocalDate.ofInstant(firstUse.get(), ZoneOffset.UTC);
        if (firstDay.isAfter(last)) {
            return List.of();
        }
        // no seat was held before the first interval: those days need no computing (assemble gives them zero rows)
        TreeSet<LocalDate> live = new TreeSet<>((from.isBefore(firstDay) ? firstDay : from).datesUntil(last.plusDays(1)).toList());
        List<UsageReport.Day> pieces = new ArrayList<>();
        LocalDate settled = lastSettledDay(now);
        if (!from.isAfter(settled)) {
            for (Map.Entry<LocalDate, List<UsageReport.Day>> day : rollups.read(from, settled.isBefore(last) ? settled : last).entrySet()) {
                pieces.addAll(day.getValue());
                live.remove(day.getKey());
            }
        }
        for (LocalDate[] run : UsageReport.runs(live, Integer.MAX_VALUE)) {
            // the seats the run began with, from the rollup of the day before it when there is one (V13)
            Optional<Map<String, Integer>> held = run[0].isAfter(firstDay) ? rollups.endSeats(run[0].minusDays(1)) : Optional.of(Map.of());
            pieces.addAll(compute(run[0], run[1], now, held));
        }
        return UsageReport.assemble(pieces, from, to, now);
    }

    /** Per month and license type: the peak and the instance-hours of the days of the range in that month. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<UsageReport.Month> monthly(LocalDate from, LocalDate to) {
        return UsageReport.monthly(daily(from, to));
    }

    /**
     * The last day whose rollup may be written: one that ended at least {@code asl.metering.rollup-after} ago (default
     * PT1H). Every interval timestamp is the clock reading of the transaction that writes it, so once a day has been
     * over for longer than any transaction lasts and any two nodes' clocks differ, no write can still land in it.
     */
    public LocalDate lastSettledDay(Instant now) {
        return LocalDate.ofInstant(now.minus(config.rollupAfter()), ZoneOffset.UTC).minusDays(1);
    }

    /** What a rollup run did: the days written. */
    public record RollupResult(List<LocalDate> days, LocalDate settledUntil) {
    }

    /**
     * The timer's work, on every node: rolls up the settled days of the last {@value #TIMER_LOOKBACK_DAYS} days (since
     * the first seat was taken) that have no complete rollup, {@value #DAYS_PER_TRANSACTION} days per transaction.
     * Nodes doing it at once write the same figures; nothing needs to run on one node only.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public RollupResult rollUpMissing() {
        Instant now = Instant.now();
        LocalDate settled = lastSettledDay(now);
        Metering self = context.getBusinessObject(Metering.class);
        int rewritten = Retries.retried(() -> self.forgetRewritten(settled)); // every node does it: a conflict is run again
        if (rewritten > 0) {
            LOG.info(() -> "MELA rollups of " + rewritten + " day(s) forgotten: intervals of those days were written after their rollup");
        }
        Optional<Instant> firstUse = usage.firstStart();
        if (firstUse.isEmpty()) {
            return new RollupResult(List.of(), settled);
        }
        LocalDate from = LocalDate.ofInstant(firstUse.get(), ZoneOffset.UTC);
        if (from.isBefore(settled.minusDays(TIMER_LOOKBACK_DAYS))) {
            from = settled.minusDays(TIMER_LOOKBACK_DAYS);
        }
        if (from.isAfter(settled)) {
            return new RollupResult(List.of(), settled);
        }
        return write(rollups.missing(from, settled), settled);
    }

    /** {@link #rollUpMissing} now, for an admin (the admin API's rollups call without days). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    @RolesAllowed(Roles.ADMIN)
    public RollupResult rollUpMissingNow() {
        return rollUpMissing();
    }

    /**
     * Computes the rollups of the settled days from {@code from} to {@code to} again from the intervals and replaces the
     * stored ones (the days after the last settled day are always computed live and are left alone). For repairs:
     * after intervals were corrected by hand, or to fill gaps older than the timer looks.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    @RolesAllowed(Roles.ADMIN)
    public RollupResult recompute(LocalDate from, LocalDate to) {
        check(from, to);
        LocalDate settled = lastSettledDay(Instant.now());
        if (from.isAfter(settled)) {
            return new RollupResult(List.of(), settled);
        }
        return write(from.datesUntil((to.isAfter(settled) ? settled : to).plusDays(1)).toList(), settled);
    }

    /** One transaction: forgets the rollups of settled days that intervals written since the last look touch. @see Rollups#forgetRewritten */
    public int forgetRewritten(LocalDate settled) {
        return rollups.forgetRewritten(settled);
    }

    /** One transaction: the days {@code from} to {@code to} (settled) computed from the intervals, stored as their rollups. */
    public void rollUp(LocalDate from, LocalDate to) {
        Instant now = Instant.now();
        if (to.isAfter(lastSettledDay(now))) {
            throw new IllegalArgumentException("Day " + to + " is not settled yet; its rollup could still change");
        }
        Instant start = UsageReport.startOf(from);
        List<UsageReport.Interval> intervals = usage.during(start, UsageReport.startOf(to.plusDays(1)), Optional.empty());
        Map<LocalDate, Map<String, Integer>> ends = new java.util.HashMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            ends.put(day, UsageReport.heldAt(intervals, UsageReport.startOf(day.plusDays(1))));
        }
        rollups.write(from, to, UsageReport.daily(intervals, from, to, now), ends, now);
    }

    private RollupResult write(java.util.Collection<LocalDate> days, LocalDate settled) {
        Metering self = context.getBusinessObject(Metering.class);
        List<LocalDate> written = new ArrayList<>();
        for (LocalDate[] run : UsageReport.runs(days, DAYS_PER_TRANSACTION)) {
            self.rollUp(run[0], run[1]);
            written.addAll(run[0].datesUntil(run[1].plusDays(1)).toList());
        }
        if (!written.isEmpty()) {
            LOG.info(() -> "MELA rollups written for " + written.size() + " day(s), " + written.get(0) + " to " + written.get(written.size() - 1));
        }
        return new RollupResult(written, settled);
    }

    /** The days {@code from} to {@code to} from the intervals; {@code held}: the seats held at the start, if known. */
    private List<UsageReport.Day> compute(LocalDate from, LocalDate to, Instant now, Optional<Map<String, Integer>> held) {
        Instant start = UsageReport.startOf(from);
        Instant end = UsageReport.startOf(to.plusDays(1));
        return UsageReport.daily(usage.during(start, end.isAfter(now) ? now : end, held), from, to, now);
    }

    private static void check(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw InvalidRequestException.field("from", "must not be after to");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw InvalidRequestException.field("to", "the range may span at most " + MAX_DAYS + " days");
        }
    }
}
