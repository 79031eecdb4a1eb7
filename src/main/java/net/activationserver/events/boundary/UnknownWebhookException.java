package net.activationserver.events.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownWebhookException extends AslException {
    public UnknownWebhookException(String id) {
        super(ProblemCode.ASL_NOT_FOUND, "There is no webhook endpoint " + id + " (deleted meanwhile?).");
    }
}
