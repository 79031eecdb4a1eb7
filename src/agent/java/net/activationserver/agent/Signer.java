package net.activationserver.agent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The appliance proof of API.md: X-ASL-Appliance, X-ASL-Timestamp, X-ASL-Nonce and X-ASL-Signature, the lowercase
 * hex HMAC-SHA256 (key = the appliance key's UTF-8 bytes) of METHOD, path with query as sent, timestamp, nonce and
 * the lowercase hex SHA-256 of the body, joined by "\n". Safe for concurrent use.
 */
public final class Signer {

    public static final String APPLIANCE = "X-ASL-Appliance";
    public static final String TIMESTAMP = "X-ASL-Timestamp";
    public static final String NONCE = "X-ASL-Nonce";
    public static final String SIGNATURE = "X-ASL-Signature";

    static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    static final Pattern APPLIANCE_FORMAT = Pattern.compile("[A-Za-z0-9_.-]{1,32}/[A-Za-z0-9_.+-]{1,64}");
    private static final HexFormat HEX = HexFormat.of();
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final SecretKeySpec key;
    private final String appliance;
    private final LongSupplier clockSeconds;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs;

    public Signer(String applianceKey, String platform, String build) {
        this(applianceKey, platform, build, () -> System.currentTimeMillis() / 1000);
    }

    Signer(String applianceKey, String platform, String build, LongSupplier clockSeconds) {
        if (applianceKey == null || applianceKey.isEmpty()) {
            throw new IllegalArgumentException("no appliance key");
        }
        this.key = new SecretKeySpec(applianceKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.appliance = platform.toUpperCase(Locale.ROOT) + "/" + build;
        if (!APPLIANCE_FORMAT.matcher(appliance).matches()) {
            throw new IllegalArgumentException("platform/build must be letters, digits, '.', '_', '+' or '-': " + appliance);
        }
        this.clockSeconds = clockSeconds;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /** The string to sign: five lines joined by "\n", no trailing newline. */
    public static String stringToSign(String method, String pathAndQuery, long timestamp, String nonce, byte[] body) {
        return method.toUpperCase(Locale.ROOT) + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body);
    }

    public static String sha256Hex(byte[] body) {
        if (body == null || body.length == 0) {
            return EMPTY_SHA256;
        }
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Lowercase hex HMAC-SHA256 of the text with this signer's key. */
    public String hmacHex(String text) {
        Mac mac = macs.get();
        return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** 24 characters of base64url from 18 random bytes: inside [A-Za-z0-9_-]{16,64}. */
    public String nonce() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String appliance() {
        return appliance;
    }

    /** The four proof headers, as name/value pairs, for one request; a fresh nonce every call. */
    public String[] headers(String method, String pathAndQuery, byte[] body) {
        long timestamp = clockSeconds.getAsLong();
        String nonce = nonce();
        String signature = hmacHex(stringToSign(method, pathAndQuery, timestamp, nonce, body));
        return new String[] {APPLIANCE, appliance, TIMESTAMP, Long.toString(timestamp), NONCE, nonce, SIGNATURE, signature};
    }

    /** Adds the proof headers to a request whose URI's raw path and query are {@code pathAndQuery}. */
    public HttpRequest.Builder sign(HttpRequest.Builder request, String method, String pathAndQuery, byte[] body) {
        return request.headers(headers(method, pathAndQuery, body));
    }
}
