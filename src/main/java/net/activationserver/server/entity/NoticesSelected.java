package net.activationserver.server.entity;

import java.time.Instant;
import java.util.Map;

/**
 * Events about many appliances at once, set-based like {@link InstancesReleased} (fired inside the transaction of the
 * change): one event of the type per row of the owner's {@code select}, which yields, in this order, the columns
 * {@code instance_id, hostname, mac, data} ({@code data} a JSON object, as MariaDB's {@code JSON_OBJECT} builds it), its
 * named parameters bound from the map (exactly those it names).
 */
public record NoticesSelected(Notice.Type type, Instant at, String select, Map<String, Object> parameters) {
}
