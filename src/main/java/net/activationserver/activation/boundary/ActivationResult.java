package net.activationserver.activation.boundary;

/** The activation body of API.md. {@code instanceToken} is present only when a token was issued (activation). */
public record ActivationResult(String instanceId, String instanceToken, String licenseType, String status, String lease,
                               String leaseExpiresAt, long heartbeatIntervalSeconds, boolean created) {
}
