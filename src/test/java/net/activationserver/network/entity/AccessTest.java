package net.activationserver.network.entity;

import net.activationserver.server.entity.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccessTest {

    @Test
    void addressesAndPorts() {
        assertEquals("10.0.0.20", new Access(" 10.0.0.20 ", 443).address());
        assertEquals("lm1.example.com", new Access("lm1.example.com", 8443).address());
        assertEquals("fe80::1", new Access("fe80::1", 1).address());
        assertNull(new Access("  ", null).address());
        assertEquals("address", assertThrows(InvalidRequestException.class, () -> new Access("10.0.0.300", 443)).errors().get(0).field());
        assertEquals("address", assertThrows(InvalidRequestException.class, () -> new Access("bad host!", 443)).errors().get(0).field());
        assertEquals("port", assertThrows(InvalidRequestException.class, () -> new Access("10.0.0.1", 65536)).errors().get(0).field());
        assertEquals("port", assertThrows(InvalidRequestException.class, () -> new Access("10.0.0.1", 0)).errors().get(0).field());
        assertEquals("address", assertThrows(InvalidRequestException.class, () -> new Access(null, 443).complete()).errors().get(0).field());
    }

    @Test
    void networkNames() {
        assertEquals("Branch office", Network.validName("  Branch office "));
        assertEquals("name", assertThrows(InvalidRequestException.class, () -> Network.validName(" ")).errors().get(0).field());
        assertThrows(InvalidRequestException.class, () -> Network.validName("x".repeat(101)));
        assertThrows(InvalidRequestException.class, () -> Network.validName("tab\there"));
    }
}
