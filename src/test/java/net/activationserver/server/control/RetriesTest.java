package net.activationserver.server.control;

import net.activationserver.server.entity.ContendedException;
import net.activationserver.server.entity.ProblemCode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
