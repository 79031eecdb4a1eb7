package net.activationserver.activation.boundary;

import java.util.Arrays;

/**
 * The orders the console's instance table may sort by: a whitelist, so no text from a request reaches the query.
 * Each order ends in the instance id (a stable order for paging) and all but the status's are served by an index: MAC,
 * host name, activation time, last heartbeat, and (license type, last heartbeat), each ending in the primary key.
 */
public enum InstanceSort {
    MAC("mac", "i.mac"),
    HOSTNAME("hostname", "i.hostname"),
    LICENSE_TYPE("licenseType", "i.licenseType", "i.lastHeartbeatAt"),
    /** ACTIVE, then DEREGISTERED, RELEASED and STALE (ACTIVE and silent since before the sweep's mark, see SweepMark): not an index order, sorted by the database. */
    STATUS("status", "CASE WHEN i.status = net.activationserver.activation.entity.InstanceStatus.ACTIVE AND "
            + net.activationserver.activation.entity.SweepMark.FLAGGED + " THEN 1 ELSE 0 END", "i.status", "i.lastHeartbeatAt"),
    ACTIVATED_AT("activatedAt", "i.activatedAt"),
    LAST_HEARTBEAT_AT("lastHeartbeatAt", "i.lastHeartbeatAt");

    /** Most recent heartbeat first, as before any sorting is chosen. */
    public static final String DEFAULT_ORDER = LAST_HEARTBEAT_AT.orderBy(false);

    private final String field;
    private final String[] paths;

    InstanceSort(String field, String... paths) {
        this.field = field;
        this.paths = paths;
    }

    /** The sort of a table column's field name, or null for a field that is not sortable. */
    public static InstanceSort of(String field) {
        return Arrays.stream(values()).filter(sort -> sort.field.equals(field)).findFirst().orElse(null);
    }

    /** The JPQL ORDER BY list (without the keywords), every part in one direction so one index serves it. */
    public String orderBy(boolean ascending) {
        String direction = ascending ? " ASC" : " DESC";
        StringBuilder order = new StringBuilder();
        for (String path : paths) {
            order.append(path).append(direction).append(", ");
        }
        return order.append("i.id").append(direction).toString();
    }

    public String field() {
        return field;
    }
}
