package net.activationserver.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.function.Executable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import net.activationserver.server.entity.ProblemCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The appliance proof of API.md "Who may call". Expected signatures are computed here from the
 * document's rules with javax.crypto, independently of ApplianceProof's own helpers.
 */
class ApplianceProofTest {

    private static final byte[] KEY = "it-appliance-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static final String TS = Long.toString(NOW.getEpochSecond());
    private static final String APPLIANCE = "VMWARE/7.2.59.0";
    private static final String NONCE = "n0nce_-ABCDEFGHIJ0123";
    private static final String PATH = "/api/v1/activations";
    private static final byte[] BODY = ("{\"mac\": \"00:50:56:AB:CD:EF\", \"platform\": \"VMWARE\", \"hostname\": \"lm-edge-1\","
            + " \"licenseType\": \"VLM-MAX\", \"build\": \"7.2.59.0\"}").getBytes(StandardCharsets.UTF_8);

    // ---- the rules of API.md, written out independently ----

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    private static String sha256Hex(byte[] body) throws Exception {
        return hex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    /** Lowercase hex HMAC-SHA256 over METHOD\npath?query\ntimestamp\nnonce\nsha256hex(body). */
    static String expectedSignature(byte[] key, String method, String pathAndQuery, String timestamp, String nonce, byte[] body)
            throws Exception {
        String toSign = String.join("\n", method, pathAndQuery, timestamp, nonce, sha256Hex(body));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return hex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    }

    private static ApplianceProof.Verified verify(String method, String path, String appliance, String ts, String nonce,
                                                  String signature, byte[] body, Instant now) {
        return ApplianceProof.verify(method, path, appliance, ts, nonce, signature, body, KEY, now);
    }

    private static NotAnApplianceException refused(Executable call, String reasonMentions) {
        NotAnApplianceException e = assertThrows(NotAnApplianceException.class, call);
        assertEquals(ProblemCode.ASL_NOT_AN_APPLIANCE, e.code());
        assertEquals(401, e.status());
        assertTrue(e.reason() != null && e.reason().toLowerCase(Locale.ROOT).contains(reasonMentions),
                () -> "reason should mention " + reasonMentions + ": " + e.reason());
        assertEquals("Cannot verify ASL instance check. Is the request really coming from a LoadMaster?", e.debugMessage());
        return e;
    }

    // ---- accepted ----

    @Test
    void knownVector() throws Exception {
        // the empty-body digest API.md refers to ("of the empty string when there is no body")
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sha256Hex(new byte[0]));
    }

    @Test
    void validRequestWithBody() throws Exception {
        String sig = expectedSignature(KEY, "POST", PATH, TS, NONCE, BODY);
        ApplianceProof.Verified v = verify("POST", PATH, APPLIANCE, TS, NONCE, sig, BODY, NOW);
        assertEquals(APPLIANCE, v.appliance());
        assertEquals(NONCE, v.nonce());
        assertFalse(v.nonceExpiresAt().isBefore(NOW.plusSeconds(300)), () -> "nonce kept only until " + v.nonceExpiresAt());
    }

    @Test
    void validRequestWithEmptyBody() throws Exception {
        String path = "/api/v1/instances/3f0c2a8e-0000-4000-8000-000000000001/heartbeat";
        String sig = expectedSignature(KEY, "POST", path, TS, NONCE, new byte[0]);
        assertEquals(NONCE, verify("POST", path, APPLIANCE, TS, NONCE, sig, new byte[0], NOW).nonce());
    }

    @Test
    void nullBodyIsTheEmptyBody() throws Exception {
        String sig = expectedSignature(KEY, "DELETE", "/api/v1/instances/x", TS, NONCE, new byte[0]);
        assertEquals(NONCE, verify("DELETE", "/api/v1/instances/x", APPLIANCE, TS, NONCE, sig, null, NOW).nonce());
    }

    @Test
    void validRequestWithQueryString() throws Exception {
        String path = "/api/v1/license-types?platform=VMWARE";
        String sig = expectedSignature(KEY, "GET", path, TS, NONCE, new byte[0]);
        assertEquals(NONCE, verify("GET", path, APPLIANCE, TS, NONCE, sig, new byte[0], NOW).nonce());
    }

    @Test
    void queryStringIsSigned() throws Exception {
        String sig = expectedSignature(KEY, "GET", "/api/v1/license-types?platform=VMWARE", TS, NONCE, new byte[0]);
        refused(() -> verify("GET", "/api/v1/license-types?platform=KVM", APPLIANCE, TS, NONCE, sig, new byte[0], NOW), "signature");
        refused(() -> verify("GET", "/api/v1/license-types", APPLIANCE, TS, NONCE, sig, new byte[0], NOW), "signature");
    }

    @Test
    void timestamp299SecondsAwayIsAccepted() throws Exception {
        for (long offset : new long[]{-299, 299, -300, 300}) {
            String ts = Long.toString(NOW.getEpochSecond() + offset);
            String sig = expectedSignature(KEY, "POST", PATH, ts, NONCE, BODY);
            ApplianceProof.Verified v = verify("POST", PATH, APPLIANCE, ts, NONCE, sig, BODY, NOW);
            assertFalse(v.nonceExpiresAt().isBefore(NOW.plusSeconds(300)), "offset " + offset + ": " + v.nonceExpiresAt());
            // the nonce must be remembered at least as long as its timestamp stays acceptable
            assertFalse(v.nonceExpiresAt().isBefore(Instant.ofEpochSecond(Long.parseLong(ts)).plusSeconds(300)),
                    "offset " + offset + ": " + v.nonceExpiresAt());
        }
    }

    @Test
    void timestamp301SecondsInThePastIsRefused() throws Exception {
        String ts = Long.toString(NOW.getEpochSecond() - 301);
        String sig = expectedSignature(KEY, "POST", PATH, ts, NONCE, BODY);
        refused(() -> verify("POST", PATH, APPLIANCE, ts, NONCE, sig, BODY, NOW), "timestamp");
    }

    @Test
    void timestamp301SecondsInTheFutureIsRefused() throws Exception {
        String ts = Long.toString(NOW.getEpochSecond() + 301);
        String sig = expectedSignature(KEY, "POST", PATH, ts, NONCE, BODY);
        refused(() -> verify("POST", PATH, APPLIANCE, ts, NONCE, sig, BODY, NOW), "timestamp");
    }

    // ---- wrong signature ----

    @Test
    void wrongKeyIsRefused() throws Exception {
        String sig = expectedSignature("another-appliance-key".getBytes(StandardCharsets.UTF_8), "POST", PATH, TS, NONCE, BODY);
        refused(() -> verify("POST", PATH, APPLIANCE, TS, NONCE, sig, BODY, NOW), "signature");
    }

    @Test
    void tamperedBodyIsRefused() throws Exception {
        String sig = expectedSignature(KEY, "POST", PATH, TS, NONCE, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("VLM-MAX", "VLM-MIN").getBytes(StandardCharsets.UTF_8);
        refused(() -> verify("POST", PATH, APPLIANCE, TS, NONCE, sig, tampered, NOW), "signature");
        refused(() -> verify("POST", PATH, APPLIANCE, TS, NONCE, sig, new byte[0], NOW), "signature");
    }

    @Test
    void tamperedPathIsRefused() throws Exception {
        String sig = expectedSignature(KEY, "POST", "/api/v1/instances/aaa/heartbeat", TS, NONCE, new byte[0]);
        refused(() -> verify("POST", "/api/v1/instances/bbb/heartbeat", APPLIANCE, TS, NONCE, sig, new byte[0], NOW), "signature");
    }

    @Test
    void differentMethodIsRefused() throws Exception {
        String sig = expectedSignature(KEY, "DELETE", "/api/v1/instances/aaa", TS, NONCE, new byte[0]);
        refused(() -> verify("GET", "/api/v1/instances/aaa", APPLIANCE, TS, NONCE, sig, new byte[0], NOW), "signature");
    }

    @Test
    void signedTimestampAndNonceCannotBeSwapped() throws Exception {
        String sig = expectedSignature(KEY, "POST", PATH, TS, NONCE, BODY);
        String otherTs = Long.toString(NOW.getEpochSecond() - 10);
        refused(() -> verify("POST", PATH, APPLIANCE, otherTs, NONCE, sig, BODY, NOW), "signature");
        refused(() -> verify("POST", PATH, APPLIANCE, TS, "another-nonce-0123456789", sig, BODY, NOW), "signature");
    }

    // ---- missing or malformed headers ----

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"VMWARE", "VMWARE/", "/7.2.59.0", "VMWARE 7.2.59.0", "VMWARE/7.2 59", "VMWARE/7.2.59.0/x"})
    void malformedApplianceHeaderIsRefused(String appliance) throws Exception {
        String sig = expectedSignature(KEY, "POST", PATH, TS, NONCE, BODY);
        refused(() -> verify("POST", PATH, appliance, TS, NONCE, sig, BODY, NOW), "appliance");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "1.7e9", "-1", "+1793534400", " 1793534400", "2026-11-01T12:00:00Z"})
    void malformedTimestampIsRefused(String ts) throws Exception {
        String sig = expectedSignature(KEY, "POST", PATH, ts == null ? "" : ts, NONCE, BODY);
        refused(() -> verify("POST", PATH, APPLIANCE, ts, NONCE, sig, BODY, NOW), "timestamp");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "abcdefghij12345",                                                    // 15 characters
            "abcdefghij1234567890abcdefghij1234567890abcdefghij1234567890abcde",  // 65 characters
            "abcdefghij.1234567",                                                 // '.'
            "abcdefghij 1234567",
            "abcdefghij/1234567",
    })
    void malformedNonceIsRefused(String nonce) throws Exception {
        String sig = expectedSignature(KEY, "POST", PATH, TS, nonce == null ? "" : nonce, BODY);
        refused(() -> verify("POST", PATH, APPLIANCE, TS, nonce, sig, BODY, NOW), "nonce");
    }

    @Test
    void nonceOf16And64CharactersIsAccepted() throws Exception {
        for (String nonce : new String[]{"abcdefghij123456", "abcdefghij1234567890abcdefghij1234567890abcdefghij1234567890abcd"}) {
            String sig = expectedSignature(KEY, "POST", PATH, TS, nonce, BODY);
            assertEquals(nonce, verify("POST", PATH, APPLIANCE, TS, nonce, sig, BODY, NOW).nonce());
        }
    }

    @Test
    void uppercaseHexSignatureIsRefused() throws Exception {
        String sig = expectedSignature(KEY, "POST", PATH, TS, NONCE, BODY).toUpperCase(Locale.ROOT);
        refused(() -> verify("POST", PATH, APPLIANCE, TS, NONCE, sig, BODY, NOW), "signature");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"00", "not-a-signature"})
    void missingOrShortSignatureIsRefused(String sig) {
        refused(() -> verify("POST", PATH, APPLIANCE, TS, NONCE, sig, BODY, NOW), "signature");
    }

    @Test
    void truncatedOrExtendedSignatureIsRefused() throws Exception {
        String sig = expectedSignature(KEY, "POST", PATH, TS, NONCE, BODY);
        refused(() -> verify("POST", PATH, APPLIANCE, TS, NONCE, sig.substring(0, 62), BODY, NOW), "signature");
        refused(() -> verify("POST", PATH, APPLIANCE, TS, NONCE, sig + "00", BODY, NOW), "signature");
    }
}
