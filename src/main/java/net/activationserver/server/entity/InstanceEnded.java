package net.activationserver.server.entity;

import java.time.Instant;

/** An instance gave up its seat: deregistered by an admin or by the appliance (fired inside that transaction). */
public record InstanceEnded(Instant at, String instanceId, String licenseType) {
}
