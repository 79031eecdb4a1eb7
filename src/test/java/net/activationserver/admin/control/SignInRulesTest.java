package net.activationserver.admin.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInRulesTest {

    @Test
    void aLockIsThirtySecondsThenDoublesUpToFifteenMinutes() {
        assertEquals(Duration.ofSeconds(30), SignInThrottle.lockFor(0));
        assertEquals(Duration.ofSeconds(60), SignInThrottle.lockFor(1));
        assertEquals(Duration.ofSeconds(120), SignInThrottle.lockFor(2));
        assertEquals(Duration.ofSeconds(480), SignInThrottle.lockFor(4));
        assertEquals(Duration.ofMinutes(15), SignInThrottle.lockFor(5));
        assertEquals(Duration.ofMinutes(15), SignInThrottle.lockFor(1_000));
    }

    @Test
    void hashesWithFewerIterationsOrAnotherAlgorithmAreOutdated() {
        assertTrue(Passwords.outdated("PBKDF2WithHmacSHA256:210000:c2FsdA==:aGFzaA=="), "the first builds' hashes");
        assertFalse(Passwords.outdated("PBKDF2WithHmacSHA256:600000:c2FsdA==:aGFzaA=="));
        assertTrue(Passwords.outdated("PBKDF2WithHmacSHA1:600000:c2FsdA==:aGFzaA=="));
        assertTrue(Passwords.outdated("not a hash at all"));
        assertTrue(Passwords.outdated("PBKDF2WithHmacSHA256:many:c2FsdA==:aGFzaA=="));
    }
}
