package net.activationserver.api;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class RateLimitedException extends AslException {
    public RateLimitedException(String detail) {
        super(ProblemCode.ASL_RATE_LIMITED, detail);
    }
}
