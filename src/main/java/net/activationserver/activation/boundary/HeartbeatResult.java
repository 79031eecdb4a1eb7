package net.activationserver.activation.boundary;

public record HeartbeatResult(String status, String lease, String leaseExpiresAt, long heartbeatIntervalSeconds) {
}
