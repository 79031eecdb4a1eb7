package net.activationserver.api;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnauthorizedException extends AslException {
    public UnauthorizedException(String detail) {
        super(ProblemCode.ASL_UNAUTHORIZED, detail);
    }
}
