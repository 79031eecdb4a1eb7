package net.activationserver.licensing.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PoolAlertsTest {

    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");
    private static final List<Integer> STAGES = List.of(30, 7, 1);

    @Test
    void aLicenseFileReachesTheSmallestStageItIsWithin() {
        assertNull(PoolAlerts.stage(NOW.plus(Duration.ofDays(31)), NOW, STAGES), "more than 30 days ahead: nothing yet");
        assertEquals(30, PoolAlerts.stage(NOW.plus(Duration.ofDays(30)), NOW, STAGES));
        assertEquals(7, PoolAlerts.stage(NOW.plus(Duration.ofDays(5)), NOW, STAGES), "installed 5 days before its end: 7, not 30 too");
        assertEquals(1, PoolAlerts.stage(NOW.plus(Duration.ofHours(3)), NOW, STAGES));
        assertEquals(0, PoolAlerts.stage(NOW, NOW, STAGES), "expired");
    }
}
