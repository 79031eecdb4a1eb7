package net.activationserver.activation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * How far the expiry sweeps have gone (V8, V12), and with it the one rule of STALE: an ACTIVE instance whose last
 * heartbeat is before the {@value #STALE} mark. The sweep moves that mark to "now minus the heartbeat timeout", which
 * makes every instance silent for longer STALE in one single-row write, then writes their audit lines in chunks and
 * moves the {@value #AUDITED} mark behind it. A heartbeat moves its instance's last heartbeat past the mark, so it is
 * ACTIVE again; a last heartbeat never moves back (the writers keep the greatest).
 */
@Entity
@Table(name = "sweep_mark")
public class SweepMark {

    /** The mark of the STALE rule: ACTIVE instances silent since before it are STALE. */
    public static final String STALE = "stale";
    /** Every STALE instance whose last heartbeat is before this mark has its "expired" audit line. */
    public static final String AUDITED = "audited";

    @Id
    private String name;

    @Column(name = "swept_before", nullable = false)
    private Instant sweptBefore;

    private long changes;

    protected SweepMark() {
    }

    private static final String STALE_MARK_SQL = "(SELECT m.swept_before FROM sweep_mark m WHERE m.name = '" + STALE + "')";

    /** JPQL: the instance {@code i}, if ACTIVE, is STALE. */
    public static final String FLAGGED = "i.lastHeartbeatAt < (SELECT m.sweptBefore FROM SweepMark m WHERE m.name = '" + STALE + "')";

    /**
     * SQL: the instance row {@code alias}, if ACTIVE, is STALE. The one SQL spelling of the rule, with {@link #shownStatus}.
     * In an UPDATE or INSERT ... SELECT, MariaDB reads the mark with a shared lock, so a sweep moving it waits for the
     * statement's transaction, and the statement sees the mark the sweep left.
     */
    public static String flagged(String alias) {
        return alias + ".last_heartbeat_at < " + STALE_MARK_SQL;
    }

    /** SQL: the instance row {@code alias}, if STALE, has its "expired" audit line (it is before the {@value #AUDITED} mark). */
    public static String audited(String alias) {
        return alias + ".last_heartbeat_at < (SELECT a.swept_before FROM sweep_mark a WHERE a.name = '" + AUDITED + "')";
    }

    /** SQL for a formula on the instance row itself (1 when it is STALE, if ACTIVE); a constant, as an annotation needs. */
    public static final String FLAGGED_FORMULA = "(last_heartbeat_at < " + STALE_MARK_SQL + ")";

    /** SQL: the status of the instance row {@code alias} as the product shows it ({@code Instance#status}). */
    public static String shownStatus(String alias) {
        return "CASE WHEN " + alias + ".status = 'ACTIVE' AND " + flagged(alias) + " THEN 'STALE' ELSE " + alias + ".status END";
    }

    public Instant sweptBefore() {
        return sweptBefore;
    }

    /** A stored time (UTC) as ISO-8601 text in SQL, as events and the admin API write times. */
    public static String isoUtc(String column) {
        return "DATE_FORMAT(" + column + ", '%Y-%m-%dT%H:%i:%s.%fZ')";
    }
}
