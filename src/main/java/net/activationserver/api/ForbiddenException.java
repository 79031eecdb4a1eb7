package net.activationserver.api;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class ForbiddenException extends AslException {
    public ForbiddenException(String detail) {
        super(ProblemCode.ASL_FORBIDDEN, detail);
    }
}
