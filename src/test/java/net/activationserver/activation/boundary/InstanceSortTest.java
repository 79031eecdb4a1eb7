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
        assertEquals("i.licenseType DESC, i.lastHeartbeatAt DESC, i.id DESC", InstanceSort.LICENSE_TYPE.orderBy(false));
        // STALE (ACTIVE and silent since before the sweep's mark) after every stored status, then the stored status
        assertEquals("CASE WHEN i.status = net.activationserver.activation.entity.InstanceStatus.ACTIVE AND i.lastHeartbeatAt <"
                + " (SELECT m.sweptBefore FROM SweepMark m WHERE m.name = 'stale') THEN 1 ELSE 0 END ASC, i.status ASC, i.lastHeartbeatAt ASC, i.id ASC",
                InstanceSort.STATUS.orderBy(true));
        assertEquals("i.lastHeartbeatAt DESC, i.id DESC", InstanceSort.DEFAULT_ORDER);
    }
}
