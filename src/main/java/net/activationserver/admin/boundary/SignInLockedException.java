package net.activationserver.admin.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

import java.time.Duration;

/** Too many failed sign-ins for this account name or from this address: 429, with how long the lock still holds. */
public class SignInLockedException extends AslException {

    private final long retryAfterSeconds;

    public SignInLockedException(Duration remaining) {
        super(ProblemCode.ASL_RATE_LIMITED, "Too many failed sign-ins; sign-in is locked for " + seconds(remaining) + " s.");
        this.retryAfterSeconds = seconds(remaining);
    }

    private static long seconds(Duration remaining) {
        return Math.max(1, (remaining.toMillis() + 999) / 1000);
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
