package net.activationserver.activation.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import net.activationserver.network.entity.Mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacTest {

    private static final String CANONICAL = "00:50:56:AB:CD:EF";

    @ParameterizedTest
    @ValueSource(strings = {"00:50:56:ab:cd:ef", "00-50-56-AB-CD-EF", "005056abcdef", "00:50:56:AB:CD:EF", "005056ABCDEF",
            "00-50-56-ab-cd-ef"})
    void acceptedFormsGiveTheCanonicalForm(String text) {
        Optional<Mac> mac = Mac.parse(text);
        assertTrue(mac.isPresent(), () -> text + " should be accepted");
        assertEquals(CANONICAL, mac.get().value());
        assertEquals(CANONICAL, mac.get().toString());
    }

    @Test
    void theThreeFormsOfOneAddressAreEqual() {
        assertEquals(Mac.parse("00:50:56:ab:cd:ef"), Mac.parse("00-50-56-AB-CD-EF"));
        assertEquals(Mac.parse("00-50-56-AB-CD-EF"), Mac.parse("005056abcdef"));
    }

    @Test
    void locallyAdministeredUnicastIsAccepted() {
        // 0x02: local bit set, group bit clear -- a unicast address (cloud NICs use these)
        assertEquals("02:00:00:00:00:01", Mac.parse("02:00:00:00:00:01").orElseThrow().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00:50-56:ab:cd:ef",        // mixed separators
            "00-50:56-ab:cd-ef",
            "00:50:56:ab:cd",           // 5 octets
            "00:50:56:ab:cd:ef:01",     // 7 octets
            "005056abcd",               // 5 octets, bare
            "0050 56abcdef01",
            "005056abcdef01",           // 7 octets, bare
            "00:50:56:ab:cd:eg",        // non-hex
            "zz:50:56:ab:cd:ef",
            "00505gabcdef",
            "00:00:00:00:00:00",        // all zero
            "000000000000",
            "00-00-00-00-00-00",
            "01:00:5e:00:00:fb",        // IPv4 multicast
            "01-00-5E-00-00-FB",
            "33:33:00:00:00:01",        // IPv6 multicast
            "ff:ff:ff:ff:ff:ff",        // broadcast
            "FFFFFFFFFFFF",
            " 00:50:56:ab:cd:ef",       // surrounding spaces
            "00:50:56:ab:cd:ef ",
            " 005056abcdef ",
            "00:50:56:ab:cd:ef\n",
            "0:50:56:ab:cd:ef",         // short octet
            "00.50.56.ab.cd.ef",        // other separator
            "0050.56ab.cdef",
            " ",
    })
    void refused(String text) {
        assertEquals(Optional.empty(), Mac.parse(text), () -> "'" + text + "' should be refused");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullAndEmptyAreRefused(String text) {
        assertEquals(Optional.empty(), Mac.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:50:56:ab:cd:ef", "00-50-56-AB-CD-EF", "005056ABCDEF", "00:50:56:AB:CD", "", " 00:50:56:AB:CD:EF"})
    void constructorRefusesNonCanonicalText(String text) {
        assertThrows(IllegalArgumentException.class, () -> new Mac(text));
    }

    @Test
    void constructorRefusesNull() {
        assertThrows(IllegalArgumentException.class, () -> new Mac(null));
    }

    @Test
    void constructorAcceptsCanonicalText() {
        assertEquals(CANONICAL, new Mac(CANONICAL).value());
    }
}
