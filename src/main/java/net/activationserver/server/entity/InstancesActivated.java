package net.activationserver.server.entity;

import java.time.Instant;
import java.util.Map;

/**
 * New appliances took seats: one activation, or a batch of them (fired inside the transaction that activated them).
 * @param licenseTypeByInstance each new instance's license type, in the order they were activated
 */
public record InstancesActivated(Instant at, Map<String, String> licenseTypeByInstance) {
}
