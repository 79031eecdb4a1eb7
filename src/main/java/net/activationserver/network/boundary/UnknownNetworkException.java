package net.activationserver.network.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownNetworkException extends AslException {
    public UnknownNetworkException(long id) {
        super(ProblemCode.ASL_NOT_FOUND, "There is no network " + id + " (deleted meanwhile?).");
    }
}
