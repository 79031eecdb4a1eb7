package net.activationserver.network.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownApplianceException extends AslException {
    public UnknownApplianceException(String key) {
        super(ProblemCode.ASL_NOT_FOUND, "There is no such appliance in any network (" + key + "): removed or deregistered meanwhile.");
    }
}
