package net.activationserver.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MacAddressTest {

    @Test
    void acceptsTheThreeFormsOfApiMdAndGivesTheCanonicalOne() {
        assertEquals("00:50:56:AB:CD:EF", MacAddress.canonical("00:50:56:ab:cd:ef"));
        assertEquals("00:50:56:AB:CD:EF", MacAddress.canonical("00-50-56-AB-CD-EF"));
        assertEquals("00:50:56:AB:CD:EF", MacAddress.canonical("005056abcdef"));
        assertEquals("00:50:56:AB:CD:EF", MacAddress.canonical(" 00:50:56:AB:CD:EF "));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"00:50:56:AB:CD", "00:50-56:AB:CD:EF", "00:50:56:AB:CD:EG", "0050.56ab.cdef", "", null}) {
            assertThrows(IllegalArgumentException.class, () -> MacAddress.canonical(bad), String.valueOf(bad));
        }
    }

    @Test
    void numberedMacsFollowTheirPrefix() {
        assertEquals("02:AB:CD:00:00:01", MacAddress.numbered("02:ab:cd", 1));
        assertEquals("02:AB:CD:01:00:00", MacAddress.numbered("02-AB-CD", 65536));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.numbered("02:AB", 1));
    }
}
