package net.activationserver.activation.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class DeregisteredException extends AslException {
    public DeregisteredException(String instanceId, InstanceStatus status) {
        super(ProblemCode.ASL_DEREGISTERED, "Instance " + instanceId + " is " + status
                + (status == InstanceStatus.RELEASED ? " (its seat was released after missed heartbeats)" : "")
                + "; the appliance must be activated again.");
    }
}
