package net.activationserver.activation.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class BadInstanceTokenException extends AslException {

    private final String reason;

    public BadInstanceTokenException(String instanceId, String reason) {
        super(ProblemCode.ASL_BAD_INSTANCE_TOKEN, "The bearer token is missing or not the one issued to instance " + instanceId + ".");
        this.reason = reason;
    }

    @Override
    public String reason() {
        return reason;
    }
}
