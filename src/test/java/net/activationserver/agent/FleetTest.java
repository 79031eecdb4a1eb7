package net.activationserver.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FleetTest {

    @Test
    void readsTheHeartbeatIntervalWithoutAFullParse() {
        assertEquals(60, Fleet.intervalOf("{\"status\":\"ACTIVE\",\"lease\":\"x\",\"heartbeatIntervalSeconds\":60}"));
        assertEquals(5, Fleet.intervalOf("{\"heartbeatIntervalSeconds\": 5, \"status\":\"ACTIVE\"}"));
        assertEquals(-1, Fleet.intervalOf("{\"status\":\"ACTIVE\"}"));
        assertEquals(-1, Fleet.intervalOf(null));
    }
}
