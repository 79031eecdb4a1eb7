package net.activationserver.api;

import net.activationserver.server.entity.Sha256;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The appliance proof of API.md, as a pure function: headers, clock window and HMAC-SHA256 over
 * METHOD, path-with-query, timestamp, nonce and the body's SHA-256. Nonce replay is checked by the
 * caller against the shared store once the signature holds.
 */
public final class ApplianceProof {

    public static final String APPLIANCE = "X-ASL-Appliance";
    public static final String TIMESTAMP = "X-ASL-Timestamp";
    public static final String NONCE = "X-ASL-Nonce";
    public static final String SIGNATURE = "X-ASL-Signature";
    public static final Duration WINDOW = Duration.ofSeconds(300);

    private static final Pattern APPLIANCE_HEADER = Pattern.compile("[A-Za-z0-9_.-]{1,32}/[A-Za-z0-9_.+-]{1,64}");
    private static final Pattern TIMESTAMP_HEADER = Pattern.compile("[0-9]{1,12}");
    private static final Pattern NONCE_HEADER = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern SIGNATURE_HEADER = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private ApplianceProof() {
    }

    /** A verified request: its nonce must still be registered, until {@code nonceExpiresAt}. */
    public record Verified(String appliance, String nonce, Instant nonceExpiresAt) {
    }

    public static Verified verify(String method, String pathAndQuery, String appliance, String timestamp, String nonce,
                                  String signature, byte[] body, byte[] key, Instant now) {
        if (appliance == null || !APPLIANCE_HEADER.matcher(appliance).matches()) {
            throw new NotAnApplianceException(APPLIANCE + " header missing or not PLATFORM/BUILD");
        }
        if (timestamp == null || !TIMESTAMP_HEADER.matcher(timestamp).matches()) {
            throw new NotAnApplianceException(TIMESTAMP + " header missing or not Unix seconds");
        }
        if (nonce == null || !NONCE_HEADER.matcher(nonce).matches()) {
            throw new NotAnApplianceException(NONCE + " header missing or not 16 to 64 characters of [A-Za-z0-9_-]");
        }
        if (signature == null || !SIGNATURE_HEADER.matcher(signature).matches()) {
            throw new NotAnApplianceException(SIGNATURE + " header missing or not 64 lowercase hex digits");
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        long skew = Math.abs(Duration.between(sent, now).getSeconds());
        if (skew > WINDOW.getSeconds()) {
            throw new NotAnApplianceException("timestamp is " + skew + " s from the server's clock (window " + WINDOW.getSeconds() + " s)");
        }
        byte[] expected = sign(key, stringToSign(method, pathAndQuery, timestamp, nonce, body));
        if (!MessageDigest.isEqual(expected, HEX.parseHex(signature))) {
            throw new NotAnApplianceException("signature does not match");
        }
        Instant later = sent.isAfter(now) ? sent : now;
        return new Verified(appliance, nonce, later.plus(WINDOW).plusSeconds(1));
    }

    public static String stringToSign(String method, String pathAndQuery, String timestamp, String nonce, byte[] body) {
        return method.toUpperCase() + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body);
    }

    public static byte[] sign(byte[] key, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static String sha256Hex(byte[] body) {
        return Sha256.hex(body);
    }
}
