package net.activationserver.activation.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class UnknownInstanceException extends AslException {
    public UnknownInstanceException(String instanceId) {
        super(ProblemCode.ASL_UNKNOWN_INSTANCE, "No instance with id " + instanceId + ".");
    }
}
