package net.activationserver.agent;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignerTest {

    @Test
    void theStringToSignIsFiveLinesWithoutATrailingNewline() {
        String text = Signer.stringToSign("post", "/api/v1/license-types?platform=VMWARE", 1700000000L, "abcdefghijklmnop",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("POST\n/api/v1/license-types?platform=VMWARE\n1700000000\nabcdefghijklmnop\n"
                + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", text);
    }

    @Test
    void anEmptyOrMissingBodyHashesAsTheEmptyString() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Signer.sha256Hex(null));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Signer.sha256Hex(new byte[0]));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Signer.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theSignatureIsLowercaseHexHmacSha256OfTheKeysUtf8Bytes() {
        // RFC 4231 test case 2
        Signer signer = new Signer("Jefe", "VMWARE", "7.2.59.0");
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signer.hmacHex("what do ya want for nothing?"));
    }

    @Test
    void everyRequestGetsAFreshNonceOfTheAllowedAlphabetAndTheApplianceHeader() {
        Signer signer = new Signer("k", "vmware", "7.2.59.0", () -> 1700000000L);
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String[] headers = signer.headers("GET", "/api/v1/license-types?platform=VMWARE", null);
            assertEquals(Signer.APPLIANCE, headers[0]);
            assertEquals("VMWARE/7.2.59.0", headers[1]);
            assertEquals("1700000000", headers[3]);
            assertTrue(Signer.NONCE_FORMAT.matcher(headers[5]).matches(), headers[5]);
            assertTrue(headers[7].matches("[0-9a-f]{64}"), headers[7]);
            assertTrue(nonces.add(headers[5]), "nonce reused");
        }
    }

    @Test
    void aRequestIsSignedOverItsPathAndQueryExactlyAsSentUnderABaseWithAPathPrefix() throws Exception {
        String key = "it-appliance-key-0123456789abcdef";
        Signer signer = new Signer(key, "KVM", "1.0");
        byte[] body = "{\"licenseType\":\"VLM-MAX\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = ApplianceClient.request(URI.create("http://lb.example:8080/asl"), "PUT",
                "/api/v1/instances/abc/license?x=a%20b", body, "TOKEN", signer, Duration.ofSeconds(5));
        assertEquals("http://lb.example:8080/asl/api/v1/instances/abc/license?x=a%20b", request.uri().toString());
        String timestamp = request.headers().firstValue(Signer.TIMESTAMP).orElseThrow();
        String nonce = request.headers().firstValue(Signer.NONCE).orElseThrow();
        String expected = hmac(key, "PUT\n/asl/api/v1/instances/abc/license?x=a%20b\n" + timestamp + "\n" + nonce + "\n" + Signer.sha256Hex(body));
        assertEquals(expected, request.headers().firstValue(Signer.SIGNATURE).orElseThrow());
        assertEquals("Bearer TOKEN", request.headers().firstValue("Authorization").orElseThrow());
        assertEquals("application/json", request.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("KVM/1.0", request.headers().firstValue(Signer.APPLIANCE).orElseThrow());
        assertTrue(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000) < 5);
    }

    @Test
    void aBuildOutsideTheHeaderAlphabetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Signer("k", "VMWARE", "7.2 beta"));
        assertThrows(IllegalArgumentException.class, () -> new Signer("", "VMWARE", "7.2"));
        assertFalse(Signer.NONCE_FORMAT.matcher("short").matches());
    }

    private static String hmac(String key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
