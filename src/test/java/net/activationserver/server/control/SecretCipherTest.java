package net.activationserver.server.control;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretCipherTest {

    private static final String CONTEXT = "instance:5f0c2a64-3c1e-4d0b-9a51-2f6f7a1f0e11";

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void roundTrip() {
        SecretCipher cipher = new SecretCipher(key());
        for (String password : new String[] {"s3cret!", "ü-日本-🔑", "x".repeat(128), " leading and trailing "}) {
            String sealed = cipher.seal(password, CONTEXT);
            assertEquals(password, cipher.open(sealed, CONTEXT));
            assertFalse(sealed.contains(password), "the sealed form does not contain the password");
            assertTrue(sealed.length() <= 1024, "fits the column: " + sealed.length());
            assertTrue(cipher.sealedWithThisKey(sealed));
        }
    }

    @Test
    void wrongKeyFails() {
        String sealed = new SecretCipher(key()).seal("s3cret!", CONTEXT);
        SecretCipher other = new SecretCipher(key());
        assertFalse(other.sealedWithThisKey(sealed));
        assertThrows(SecretCipher.CannotOpenException.class, () -> other.open(sealed, CONTEXT));
        // even when the key id is forged to match, GCM's tag refuses the other key
        String forged = sealed.replaceFirst("^v1:[0-9a-f]{8}:", other.seal("x", CONTEXT).substring(0, 12));
        assertThrows(SecretCipher.CannotOpenException.class, () -> other.open(forged, CONTEXT));
    }

    @Test
    void ciphertextDiffersPerCall() {
        SecretCipher cipher = new SecretCipher(key());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.add(cipher.seal("same password", CONTEXT)), "a fresh IV each call");
        }
        Set<String> ivs = new HashSet<>();
        seen.forEach(sealed -> ivs.add(sealed.split(":")[2]));
        assertEquals(100, ivs.size());
    }

    @Test
    void anotherApplianceOrAnAlteredValueDoesNotOpen() {
        SecretCipher cipher = new SecretCipher(key());
        String sealed = cipher.seal("s3cret!", CONTEXT);
        assertThrows(SecretCipher.CannotOpenException.class, () -> cipher.open(sealed, "instance:another"));
        String[] parts = sealed.split(":");
        byte[] body = Base64.getDecoder().decode(parts[3]);
        body[0] ^= 1;
        String altered = parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + Base64.getEncoder().withoutPadding().encodeToString(body);
        assertThrows(SecretCipher.CannotOpenException.class, () -> cipher.open(altered, CONTEXT));
        assertThrows(SecretCipher.CannotOpenException.class, () -> cipher.open("s3cret!", CONTEXT));
    }

    @Test
    void keySettingIsBase64Of32Bytes() {
        byte[] key = key();
        assertEquals(32, SecretCipher.parseKey(Base64.getEncoder().encodeToString(key)).length);
        assertEquals(32, SecretCipher.parseKey(" " + Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n").length);
        String secretLooking = "correct horse battery staple";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SecretCipher.parseKey(secretLooking));
        assertFalse(refused.getMessage().contains(secretLooking), "the message never repeats the value");
        assertThrows(IllegalArgumentException.class, () -> SecretCipher.parseKey(Base64.getEncoder().encodeToString(new byte[16])));
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher(new byte[31]));
    }

    @Test
    void sameKeySameIdDifferentKeysDifferentIds() {
        byte[] key = key();
        String a = new SecretCipher(key).seal("p", CONTEXT).split(":")[1];
        String b = new SecretCipher(key.clone()).seal("p", CONTEXT).split(":")[1];
        assertEquals(a, b);
        assertNotEquals(a, new SecretCipher(key()).seal("p", CONTEXT).split(":")[1]);
    }
}
