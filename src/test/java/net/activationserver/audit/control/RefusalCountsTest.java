package net.activationserver.audit.control;

import net.activationserver.api.Refused;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefusalCountsTest {

    private static final Refused UNSIGNED = new Refused("ASL_NOT_AN_APPLIANCE", "Not an appliance", "X-ASL-Signature header missing", "10.0.0.1", "POST /a");
    private static final Instant MINUTE = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theFirstOfAKindIsWrittenAndTheRestCountedOnIt() {
        RefusalCounts counts = new RefusalCounts();
        assertTrue(counts.first(UNSIGNED, MINUTE));
        counts.written(UNSIGNED, MINUTE, 42);
        for (int i = 1; i <= 9; i++) {
            assertFalse(counts.first(UNSIGNED, MINUTE.plusSeconds(i)), "the same kind within the minute is counted");
        }
        assertEquals(List.of(new RefusalCounts.Addition(42, 9, MINUTE.plusSeconds(9))), counts.drain(MINUTE.plusSeconds(10)));
        assertEquals(List.of(), counts.drain(MINUTE.plusSeconds(15)), "handed over once");
    }

    @Test
    void anotherSourceReasonOrMinuteIsAnotherRow() {
        RefusalCounts counts = new RefusalCounts();
        assertTrue(counts.first(UNSIGNED, MINUTE));
        counts.written(UNSIGNED, MINUTE, 1);
        assertTrue(counts.first(new Refused("ASL_NOT_AN_APPLIANCE", "Not an appliance", "X-ASL-Signature header missing", "10.0.0.2", "POST /a"), MINUTE));
        assertTrue(counts.first(new Refused("ASL_NOT_AN_APPLIANCE", "Not an appliance", "signature does not match", "10.0.0.1", "POST /a"), MINUTE));
        assertTrue(counts.first(UNSIGNED, MINUTE.plusSeconds(60)), "a new minute, a new row");
        assertFalse(counts.first(new Refused("ASL_NOT_AN_APPLIANCE", "Not an appliance", "X-ASL-Signature header missing", "10.0.0.1", "GET /b"),
                MINUTE.plusSeconds(5)), "the request line is not part of the kind");
    }

    @Test
    void aRowThatCouldNotBeWrittenStartsItsKindOver() {
        RefusalCounts counts = new RefusalCounts();
        assertTrue(counts.first(UNSIGNED, MINUTE));
        counts.written(UNSIGNED, MINUTE, 0);
        assertTrue(counts.first(UNSIGNED, MINUTE.plusSeconds(1)));
    }

    @Test
    void pastMinutesAreForgottenOnceHandedOver() {
        RefusalCounts counts = new RefusalCounts();
        counts.first(UNSIGNED, MINUTE);
        counts.written(UNSIGNED, MINUTE, 7);
        counts.first(UNSIGNED, MINUTE.plusSeconds(30));
        assertEquals(1, counts.drain(MINUTE.plusSeconds(61)).size());
        assertTrue(counts.first(UNSIGNED, MINUTE.plusSeconds(62)), "the old minute's kind is gone");
    }
}
