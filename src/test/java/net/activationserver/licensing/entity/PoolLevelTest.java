package net.activationserver.licensing.entity;

import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolLevelTest {

    @Test
    void levelsFollowTheShareInUse() {
        assertEquals(PoolLevel.NORMAL, PoolLevel.of(8, 10, 90));
        assertEquals(PoolLevel.HIGH, PoolLevel.of(9, 10, 90));
        assertEquals(PoolLevel.FULL, PoolLevel.of(10, 10, 90));
        assertEquals(PoolLevel.OVER, PoolLevel.of(11, 10, 90));
        assertEquals(PoolLevel.NORMAL, PoolLevel.of(0, 0, 90), "an empty type with nothing in use");
        assertEquals(PoolLevel.OVER, PoolLevel.of(1, 0, 90), "a type whose file expired, still in use");
        assertEquals(PoolLevel.HIGH, PoolLevel.of(900_000, 1_000_000, 90), "no overflow");
    }

    @Test
    void crossingsAreNamedOncePerDirection() {
        assertTrue(PoolLevel.NORMAL.risesPastThreshold(PoolLevel.FULL), "from below straight to full: the threshold too");
        assertFalse(PoolLevel.HIGH.risesPastThreshold(PoolLevel.FULL));
        assertTrue(PoolLevel.FULL.fallsBelowThreshold(PoolLevel.NORMAL));
        assertFalse(PoolLevel.FULL.fallsBelowThreshold(PoolLevel.HIGH));
        assertTrue(PoolLevel.HIGH.becomesFull(PoolLevel.OVER));
        assertFalse(PoolLevel.FULL.becomesFull(PoolLevel.OVER));
        assertTrue(PoolLevel.FULL.becomesOver(PoolLevel.OVER));
    }
}
