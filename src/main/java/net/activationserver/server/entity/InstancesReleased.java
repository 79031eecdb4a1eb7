package net.activationserver.server.entity;

import java.time.Instant;
import java.util.Map;

/**
 * The expiry sweep released the seats of many instances at once (fired inside its transaction). Set-based, so that the
 * components that react do it in one statement: {@code instanceIds} is the owner's {@code SELECT id ...} naming them,
 * with its named parameters, to join on; nothing else of the owner's tables is read.
 */
public record InstancesReleased(Instant at, String instanceIds, Map<String, Object> parameters) {
}
