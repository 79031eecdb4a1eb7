package net.activationserver.server.control;

import net.activationserver.server.entity.ContendedException;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs a transaction again while it is refused only because of others in flight ({@link ContendedException}): after a
 * short random pause that grows with each attempt (so that two that keep meeting fall out of step), a bounded number of
 * times. The last refusal is thrown (503 {@code ASL_UNAVAILABLE}, with Retry-After). Call it outside any transaction.
 */
public final class Retries {

    /** Attempts in all; the pauses between them add up to 1.3 s at most (0.6 s on average). */
    static final int ATTEMPTS = 25;
    private static final long MAX_PAUSE_MILLIS = 64;

    private Retries() {
    }

    public static <T> T retried(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (ContendedException contended) {
                if (attempt >= ATTEMPTS) {
                    throw contended;
                }
                long bound = Math.min(MAX_PAUSE_MILLIS, 1L << Math.min(attempt, 6));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, bound + 1)));
            }
        }
    }
}
