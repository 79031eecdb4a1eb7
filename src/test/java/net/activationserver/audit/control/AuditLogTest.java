package net.activationserver.audit.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The audit lines are the product's own text, character for character. */
class AuditLogTest {

    @Test
    void activatingLine() {
        assertEquals("Activating ASL instance with ASL License VLM-MAX. Current activations is 5", AuditLog.activating("VLM-MAX", 5));
    }

    @Test
    void licenseChangeLine() {
        assertEquals("ASL Instance license change. Old license was VLM-MAX and current activations is 4", AuditLog.licenseChange("VLM-MAX", 4));
    }

    @Test
    void relicenseWritesBothLinesOfTheProtocolExample() {
        assertEquals("Activating ASL instance with ASL License VLM-5000G. Current activations is 2", AuditLog.activating("VLM-5000G", 2));
        assertEquals("Activating ASL instance with ASL License VLM-MAX. Current activations is 0", AuditLog.activating("VLM-MAX", 0));
    }
}
