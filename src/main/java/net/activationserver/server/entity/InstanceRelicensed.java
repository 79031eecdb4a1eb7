package net.activationserver.server.entity;

import java.time.Instant;

/** An instance's seat moved to another license type (fired inside the transaction that moved it). */
public record InstanceRelicensed(Instant at, String instanceId, String fromLicenseType, String toLicenseType) {
}
