package net.activationserver.activation.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

import java.time.Duration;
import java.time.Instant;

/**
 * Under {@code asl.activation.takeover=when-silent}: a re-activation of a MAC whose instance heartbeated within the
 * heartbeat timeout, which would take the running appliance's token (409 ASL_INSTANCE_IN_USE).
 */
public class InstanceInUseException extends AslException {

    private final String reason;

    public InstanceInUseException(String mac, Instant lastHeartbeat, Duration timeout) {
        super(ProblemCode.ASL_INSTANCE_IN_USE, "MAC " + mac + " belongs to an appliance that is running (it heartbeated within "
                + timeout + "); it can be activated again once it has been silent that long, or after an admin deregisters it.");
        this.reason = "takeover refused (asl.activation.takeover=when-silent): last heartbeat " + lastHeartbeat;
    }

    @Override
    public String reason() {
        return reason;
    }
}
