package net.activationserver.api;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestLimitFilterTest {

    /** The windows are static and shared; every test uses sources no other test uses. */
    private static String source() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void theFirstCallsOfASecondAreAllowedThenRefused() {
        String source = source();
        long second = 1_000_000L;
        assertTrue(RequestLimitFilter.allowed(source, 3, second));
        assertTrue(RequestLimitFilter.allowed(source, 3, second));
        assertTrue(RequestLimitFilter.allowed(source, 3, second));
        assertFalse(RequestLimitFilter.allowed(source, 3, second));
        assertFalse(RequestLimitFilter.allowed(source, 3, second));
    }

    @Test
    void aNewSecondAllowsAgain() {
        String source = source();
        long second = 2_000_000L;
        for (int i = 0; i < 3; i++) {
            assertTrue(RequestLimitFilter.allowed(source, 3, second));
        }
        assertFalse(RequestLimitFilter.allowed(source, 3, second));
        for (int i = 0; i < 3; i++) {
            assertTrue(RequestLimitFilter.allowed(source, 3, second + 1), "call " + (i + 1) + " of the next second");
        }
        assertFalse(RequestLimitFilter.allowed(source, 3, second + 1));
    }

    @Test
    void sourcesAreCountedSeparately() {
        String a = source();
        String b = source();
        long second = 3_000_000L;
        for (int i = 0; i < 3; i++) {
            assertTrue(RequestLimitFilter.allowed(a, 3, second));
        }
        assertFalse(RequestLimitFilter.allowed(a, 3, second));
        for (int i = 0; i < 3; i++) {
            assertTrue(RequestLimitFilter.allowed(b, 3, second), "call " + (i + 1) + " of the second source");
        }
        assertFalse(RequestLimitFilter.allowed(b, 3, second));
        assertFalse(RequestLimitFilter.allowed(a, 3, second));
    }

    @Test
    void aLimitOfOneAllowsExactlyOne() {
        String source = source();
        assertTrue(RequestLimitFilter.allowed(source, 1, 4_000_000L));
        assertFalse(RequestLimitFilter.allowed(source, 1, 4_000_000L));
    }
}
