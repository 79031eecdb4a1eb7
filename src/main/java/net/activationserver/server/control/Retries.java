package net.activationserver.server.control;

import net.activationserver.server.entity.ContendedException;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs a transaction again while it is refused only because of others in flight, after a short random pause that grows
 * with each attempt (so that two that keep meeting fall out of step), a bounded number of times:
 * <ul>
 *     <li>{@link ContendedException}: claims in flight hold the seats it needs;</li>
 *     <li>a {@linkplain #conflicted write conflict}: the database rolled it back because another transaction changed the
 *     same rows at the same moment (an InnoDB deadlock, or on Galera a certification failure against a write set another
 *     node committed first).</li>
 * </ul>
 * Nothing of a rolled-back attempt remains, so running it again is safe. The last refusal is thrown as a
 * {@link ContendedException} (503 {@code ASL_UNAVAILABLE}, with Retry-After), never as a server fault. Call it outside
 * any transaction: around a facade's call, whose transaction then ends (and commits or fails) inside it.
 * docs/DECISIONS.md, "Galera".
 */
public final class Retries {

    /** Attempts in all; the pauses between them add up to 1.3 s at most (0.6 s on average). */
    static final int ATTEMPTS = 25;
    private static final long MAX_PAUSE_MILLIS = 64;
    /** MariaDB's ER_LOCK_DEADLOCK: a deadlock, or a Galera certification conflict or brute-force abort. */
    private static final int DEADLOCK = 1213;
    /** SQLSTATE of a serialization failure: the transaction was rolled back and may be run again. */
    private static final String SERIALIZATION_FAILURE = "40001";

    /** Write conflicts met on this node since it started ({@code asl_write_conflicts_total}). */
    private static final java.util.concurrent.atomic.AtomicLong CONFLICTS = new java.util.concurrent.atomic.AtomicLong();

    private Retries() {
    }

    /** Write conflicts met so far, run again or not. */
    public static long conflictsMet() {
        return CONFLICTS.get();
    }

    /**
     * Whether the failure is a {@linkplain #conflicted write conflict}, counted as one met: for a writer that does not run
     * its transaction again here but leaves the work to its next round (the write-behind, the minute's upkeep).
     */
    public static boolean metConflict(Throwable failure) {
        if (conflicted(failure)) {
            CONFLICTS.incrementAndGet();
            return true;
        }
        return false;
    }

    public static <T> T retried(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException refused) {
                boolean contended = refused instanceof ContendedException;
                if (!contended && !metConflict(refused)) {
                    throw refused;
                }
                if (attempt >= ATTEMPTS) {
                    throw contended ? refused : new ContendedException("Other server nodes changed the same records at this"
                            + " moment, again and again; nothing was changed. Try again.");
                }
                long bound = Math.min(MAX_PAUSE_MILLIS, 1L << Math.min(attempt, 6));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, bound + 1)));
            }
        }
    }

    public static void retried(Runnable transaction) {
        retried(() -> {
            transaction.run();
            return null;
        });
    }

    /**
     * Whether the failure is the database rolling the transaction back for a write conflict with another transaction,
     * which may succeed when run again: MariaDB error 1213 or SQLSTATE 40001 anywhere in the chain (as the JDBC
     * driver's exception, or as Hibernate's translation of it), or the driver's message of a Galera abort where a
     * runtime's transaction manager kept only the message.
     */
    public static boolean conflicted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getErrorCode() == DEADLOCK || SERIALIZATION_FAILURE.equals(sql.getSQLState()))) {
                return true;
            }
            if (cause instanceof org.hibernate.exception.LockAcquisitionException) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && (message.contains("Deadlock found when trying to get lock") || message.contains("WSREP detected deadlock/conflict"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
