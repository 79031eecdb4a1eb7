package net.activationserver.server.control;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Seals the secrets the server stores (lease signing keys, the demo's keys, appliance access passwords) with
 * AES-256-GCM from the JDK (no crypto of our own): a random 96-bit IV per call, a 128-bit tag, and the row the value
 * belongs to as associated data ({@code lease_key:KID}, {@code setting:NAME}, {@code instance:ID}), so a sealed value
 * copied to another row does not open. Sealed form: {@code v1:KEYID:IV:CIPHERTEXT} (Base64), where KEYID names the key
 * (a fingerprint, not the key). The format and fingerprint are those of the access passwords sealed by earlier builds
 * with {@code asl.console.secret-key}, so those still open with the same key.
 */
public final class SecretCipher {

    private static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    public SecretCipher(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("must be 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = fingerprint(key);
    }

    /**
     * The key from its setting: the Base64 (standard or URL-safe) of 32 random bytes, e.g. {@code openssl rand -base64 32}.
     * @throws IllegalArgumentException with a message that never repeats the value
     */
    public static byte[] parseKey(String text) {
        String value = text == null ? "" : text.strip();
        byte[] key;
        try {
            key = value.indexOf('-') >= 0 || value.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(value) : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not Base64: it must be the Base64 of 32 random bytes (openssl rand -base64 32)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("holds " + key.length + " bytes: it must be the Base64 of 32 random bytes (openssl rand -base64 32)");
        }
        return key;
    }

    /** A new random key in its setting's form (Base64 of 32 bytes). */
    public static String newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Encrypts a secret for one row ({@code context}, e.g. {@code lease_key:KID}); a new IV each call. */
    public String seal(String secret, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
            return VERSION + ":" + keyId + ":" + base64.encodeToString(iv) + ":" + base64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts a value sealed for that row.
     * @throws CannotOpenException when it was sealed with another key, for another row, or altered
     */
    public String open(String sealed, String context) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new CannotOpenException("not a sealed value");
        }
        if (!keyId.equals(parts[1])) {
            throw new CannotOpenException("sealed with another key");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(parts[2])));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(Base64.getDecoder().decode(parts[3])), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new CannotOpenException("altered, or sealed for another row or with another key");
        } catch (GeneralSecurityException e) {
            throw new CannotOpenException("unreadable: " + e.getClass().getSimpleName());
        }
    }

    /** Whether a stored value is in the sealed form at all (with any key); false for a value stored in clear. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(VERSION + ":") && stored.split(":", -1).length == 4;
    }

    /** Whether a sealed value was made with this key (false after a key change). */
    public boolean sealedWithThisKey(String sealed) {
        return sealed != null && sealed.startsWith(VERSION + ":" + keyId + ":");
    }

    /** The key's fingerprint (names the key in sealed values and messages; reveals nothing of it). */
    public String keyId() {
        return keyId;
    }

    private static String fingerprint(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // the label of the first use (access passwords); kept so that their sealed values still name this key
            sha256.update("asl.console.secret-key fingerprint".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sealed value that this key cannot open. */
    public static class CannotOpenException extends RuntimeException {
        CannotOpenException(String message) {
            super(message, null, false, false);
        }
    }
}
