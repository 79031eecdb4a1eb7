package net.activationserver.admin.entity;

import java.time.Duration;
import java.time.Instant;
import net.activationserver.server.entity.InvalidRequestException;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenTest {

    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

    @Test
    void aTokenIs256RandomBitsStoredOnlyAsItsHash() {
        String token = ApiToken.newToken();
        assertTrue(token.startsWith("asl_"));
        assertEquals(43, token.length() - 4, "32 bytes in Base64url without padding");
        assertNotEquals(token, ApiToken.newToken());
        assertEquals(64, ApiToken.hash(token).length());
        assertNotEquals(token, ApiToken.hash(token));
    }

    @Test
    void itSignsInUntilItExpiresOrIsRevoked() {
        ApiToken token = new ApiToken("terraform", Role.ADMIN, NOW.plus(Duration.ofDays(1)), ApiToken.newToken(), "admin", NOW);
        assertNull(token.refusalAt(NOW));
        assertTrue(token.refusalAt(NOW.plus(Duration.ofDays(1))).contains("expired"));
        token.revoke("admin", NOW);
        assertTrue(token.refusalAt(NOW).contains("revoked"));
        assertEquals("token:terraform", token.principal());
    }

    @Test
    void badNamesRolesAndExpiriesAreRefusedByField() {
        assertEquals("name", assertThrows(InvalidRequestException.class,
                () -> new ApiToken("no spaces", Role.ADMIN, NOW.plusSeconds(60), "t", "a", NOW)).errors().get(0).field());
        assertEquals("role", assertThrows(InvalidRequestException.class,
                () -> new ApiToken("x", null, NOW.plusSeconds(60), "t", "a", NOW)).errors().get(0).field());
        assertEquals("expiresAt", assertThrows(InvalidRequestException.class,
                () -> new ApiToken("x", Role.VIEWER, NOW, "t", "a", NOW)).errors().get(0).field());
        assertEquals("expiresAt", assertThrows(InvalidRequestException.class,
                () -> new ApiToken("x", Role.VIEWER, NOW.plus(Duration.ofDays(731)), "t", "a", NOW)).errors().get(0).field());
    }
}
