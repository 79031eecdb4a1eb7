package net.activationserver.server.control;

import net.activationserver.server.entity.ContendedException;
import net.activationserver.server.entity.ProblemCode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A transaction refused only by others in flight runs again, a bounded number of times; other refusals are final. */
class RetriesTest {

    @Test
    void aContendedTransactionRunsAgainUntilItsAnswerIsKnown() {
        AtomicInteger attempts = new AtomicInteger();
        String answer = Retries.retried(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw new ContendedException("seats held by claims in flight");
            }
            return "granted";
        });
        assertEquals("granted", answer);
        assertEquals(4, attempts.get());
    }

    @Test
    void afterTheLastAttemptTheCallerIsToldToComeBack() {
        AtomicInteger attempts = new AtomicInteger();
        ContendedException last = assertThrows(ContendedException.class, () -> Retries.retried(() -> {
            attempts.incrementAndGet();
            throw new ContendedException("seats held by claims in flight");
        }));
        assertEquals(Retries.ATTEMPTS, attempts.get());
        assertEquals(ProblemCode.ASL_UNAVAILABLE, last.code());
        assertEquals(503, last.status());
    }

    @Test
    void anyOtherRefusalIsFinal() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException refused = new IllegalStateException("refused");
        assertSame(refused, assertThrows(IllegalStateException.class, () -> Retries.retried(() -> {
            attempts.incrementAndGet();
            throw refused;
        })));
        assertEquals(1, attempts.get());
    }

    @Test
    void aWriteConflictRunsAgainAndIsCounted() {
        long before = Retries.conflictsMet();
        AtomicInteger attempts = new AtomicInteger();
        String answer = Retries.retried(() -> {
            if (attempts.incrementAndGet() < 3) { // as a runtime hands it over: the driver's exception deep in the chain
                throw new jakarta.ejb.EJBTransactionRolledbackException("commit failed", new RuntimeException(
                        new java.sql.SQLTransactionRollbackException("Deadlock found when trying to get lock; try restarting transaction", "40001", 1213)));
            }
            return "written";
        });
        assertEquals("written", answer);
        assertEquals(3, attempts.get());
        assertEquals(before + 2, Retries.conflictsMet());
    }

    @Test
    void conflictsThatKeepComingEndIn503NotInAServerFault() {
        ContendedException last = assertThrows(ContendedException.class, () -> Retries.retried(() -> {
            throw new jakarta.persistence.PersistenceException(new org.hibernate.exception.LockAcquisitionException("deadlock",
                    new java.sql.SQLException("Deadlock found when trying to get lock", "40001", 1213)));
        }));
        assertEquals(503, last.status());
    }

    @Test
    void whatCountsAsAWriteConflict() {
        assertTrue(Retries.conflicted(new java.sql.SQLException("x", "40001", 1213)));
        assertTrue(Retries.conflicted(new java.sql.SQLException("serialization failure", "40001", 0)));
        assertTrue(Retries.conflicted(new RuntimeException("WSREP detected deadlock/conflict and aborted the transaction. Try restarting the transaction")));
        assertFalse(Retries.conflicted(new java.sql.SQLException("Duplicate entry", "23000", 1062)), "a duplicate key is an answer, not a conflict");
        assertFalse(Retries.conflicted(new java.sql.SQLException("Lock wait timeout exceeded", "HY000", 1205)), "a lock wait timeout waited long enough");
        assertFalse(Retries.conflicted(new IllegalStateException("refused")));
    }
}
