package net.activationserver.activation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The mark of an ACTIVE instance the expiry sweep found silent: with it the instance is STALE (V8). Only queries use
 * it (the status filters of the instance lists); the sweep writes the rows in bulk and their instance's transitions
 * delete them.
 */
@Entity
@Table(name = "instance_stale")
public class StaleFlag {

    @Id
    @Column(name = "instance_id")
    private String instanceId;

    protected StaleFlag() {
    }

    /** JPQL: the instance {@code i} is flagged. */
    public static final String FLAGGED = "EXISTS (SELECT 1 FROM StaleFlag f WHERE f.instanceId = i.id)";

    private static final String FLAG_OF = "SELECT 1 FROM instance_stale f WHERE f.instance_id = ";

    /** SQL: the instance row {@code alias} is flagged. The one SQL spelling of the STALE rule, with {@link #shownStatus}. */
    public static String flagged(String alias) {
        return "EXISTS (" + FLAG_OF + alias + ".id)";
    }

    /**
     * SQL: joins the flag of the instance row {@code alias}, for {@link #UNFLAGGED}: an anti-join by primary key, one
     * lookup per row read, where MariaDB would answer {@code NOT EXISTS} by materialising every flag first (the sweep's
     * chunks read a few thousand rows each while a hundred thousand may be flagged).
     */
    public static String flagJoin(String alias) {
        return " LEFT JOIN instance_stale unflagged ON unflagged.instance_id = " + alias + ".id";
    }

    /** SQL, with {@link #flagJoin}: the instance row has no flag. */
    public static final String UNFLAGGED = "unflagged.instance_id IS NULL";

    /** SQL for a formula on the instance row itself (1 when it is flagged); a constant, as an annotation needs. */
    public static final String FLAGGED_FORMULA = "(EXISTS (" + FLAG_OF + "id))";

    /** SQL: the status of the instance row {@code alias} as the product shows it ({@code Instance#status}). */
    public static String shownStatus(String alias) {
        return "CASE WHEN " + alias + ".status = 'ACTIVE' AND " + flagged(alias) + " THEN 'STALE' ELSE " + alias + ".status END";
    }
}
