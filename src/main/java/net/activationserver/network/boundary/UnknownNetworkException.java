package net.activationserver.network.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class UnknownNetworkException extends AslException {
    public UnknownNetworkException(long id) {
        super(ProblemCode.ASL_NOT_FOUND, "There is no network " + id + " (deleted meanwhile?).");
    }
}
