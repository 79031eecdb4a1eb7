package net.activationserver.activation.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownInstanceException extends AslException {
    public UnknownInstanceException(String instanceId) {
        super(ProblemCode.ASL_UNKNOWN_INSTANCE, "No instance with id " + instanceId + ".");
    }
}
