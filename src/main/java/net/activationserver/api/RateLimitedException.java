package net.activationserver.api;

public class RateLimitedException extends AslException {
    public RateLimitedException(String detail) {
        super(ProblemCode.ASL_RATE_LIMITED, detail);
    }
}
