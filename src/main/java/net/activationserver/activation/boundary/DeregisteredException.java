package net.activationserver.activation.boundary;

import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class DeregisteredException extends AslException {
    public DeregisteredException(String instanceId, InstanceStatus status) {
        super(ProblemCode.ASL_DEREGISTERED, "Instance " + instanceId + " is " + status
                + (status == InstanceStatus.RELEASED ? " (its seat was released after missed heartbeats)" : "")
                + "; the appliance must be activated again.");
    }
}
