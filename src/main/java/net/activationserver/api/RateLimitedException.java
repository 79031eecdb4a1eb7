package net.activationserver.api;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class RateLimitedException extends AslException {
    private final long retryAfterSeconds;

    public RateLimitedException(String detail) {
        this(detail, 1);
    }

    public RateLimitedException(String detail, long retryAfterSeconds) {
        super(ProblemCode.ASL_RATE_LIMITED, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
