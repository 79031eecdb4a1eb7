package net.activationserver.activation.control;

import net.activationserver.server.entity.Sha256;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Instance tokens: 256 random bits, handed out once; only their SHA-256 is stored. A fast hash suffices
 * for random 256-bit secrets (there is nothing to guess), and keeps the heartbeat path cheap.
 */
public final class InstanceTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private InstanceTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return Sha256.hex(token);
    }

    /** The token of an {@code Authorization: Bearer TOKEN} header, or null. */
    public static String fromAuthorization(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() || token.length() > 200 ? null : token;
    }
}
