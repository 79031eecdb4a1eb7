package net.activationserver.activation.boundary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InstanceSortTest {

    @Test
    void onlyWhitelistedFieldsSort() {
        assertEquals(InstanceSort.MAC, InstanceSort.of("mac"));
        assertEquals(InstanceSort.LAST_HEARTBEAT_AT, InstanceSort.of("lastHeartbeatAt"));
        assertNull(InstanceSort.of("tokenHash"));
        assertNull(InstanceSort.of("mac; DROP TABLE instance"));
        assertNull(InstanceSort.of("i.mac"));
        assertNull(InstanceSort.of(null));
    }

    @Test
    void everyPartInOneDirectionEndingInTheId() {
        assertEquals("i.mac ASC, i.id ASC", InstanceSort.MAC.orderBy(true));
        assertEquals("i.status DESC, i.lastHeartbeatAt DESC, i.id DESC", InstanceSort.STATUS.orderBy(false));
        assertEquals("i.lastHeartbeatAt DESC, i.id DESC", InstanceSort.DEFAULT_ORDER);
    }
}
