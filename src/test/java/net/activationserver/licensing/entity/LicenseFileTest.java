package net.activationserver.licensing.entity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import net.activationserver.licensing.vendor.VendorTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LicenseFileTest {

    static final String PAYLOAD = """
            {"licenseId": "L-2026-0001", "customer": "Example Corp", "issuedAt": "2026-11-01T00:00:00Z",
             "expiresAt": "2027-11-01T00:00:00Z", "instanceLimit": 25,
             "types": [{"code": "VLM-MAX", "name": "VLM unlimited", "platforms": ["VMWARE", "KVM"], "seats": 20},
                       {"code": "VLM-5000G", "name": "VLM 5 Gbps", "platforms": ["VMWARE"], "seats": 10}]}
            """;
    static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");

    private static OctetKeyPair vendor;
    private static OctetKeyPair vendorPublic;

    @BeforeAll
    static void keys() throws Exception {
        vendor = VendorTool.generate();
        vendorPublic = vendor.toPublicJWK();
    }

    /** Signs any payload with EdDSA, bypassing the vendor tool's own checks (to see that verify checks too). */
    private static String signRaw(OctetKeyPair key, String payload) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.getKeyID()).build(), new Payload(payload));
        jws.sign(Ed25519.signer(key));
        return jws.serialize();
    }

    private static LicenseFile.Invalid refusedBy(String text, String messageMentions) {
        LicenseFile.Invalid e = assertThrows(LicenseFile.Invalid.class, () -> LicenseFile.verify(text, vendorPublic, NOW));
        assertMentions(e, messageMentions);
        return e;
    }

    private static void assertMentions(Exception e, String words) {
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT)),
                () -> "message should mention '" + words + "': " + e.getMessage());
    }

    // ---- a good file ----

    @Test
    void goodFileVerifiesAndYieldsItsFields() throws Exception {
        String text = VendorTool.sign(vendor.toJSONString(), PAYLOAD);
        LicenseFile file = LicenseFile.verify(text, vendorPublic, NOW);

        assertEquals("L-2026-0001", file.licenseId());
        assertEquals("Example Corp", file.customer());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), file.issuedAt());
        assertEquals(Instant.parse("2027-11-01T00:00:00Z"), file.expiresAt());
        assertEquals(25, file.instanceLimit());
        assertEquals(List.of(
                new LicenseFile.Grant("VLM-MAX", "VLM unlimited", List.of(Platform.VMWARE, Platform.KVM), 20),
                new LicenseFile.Grant("VLM-5000G", "VLM 5 Gbps", List.of(Platform.VMWARE), 10)), file.types());
        assertEquals(text, file.text());
    }

    @Test
    void fileSignedWithTheJdksEd25519Verifies() throws Exception {
        // interoperability: a file made by any standard Ed25519 signer (here the JDK's, not the project's code) installs
        KeyPair jdk = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = jdk.getPublic().getEncoded();
        OctetKeyPair publicKey = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length))).build();
        String signingInput = Base64URL.encode("{\"alg\":\"EdDSA\"}").toString() + "." + Base64URL.encode(PAYLOAD.strip());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(jdk.getPrivate());
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        String text = signingInput + "." + Base64URL.encode(signer.sign());

        assertEquals("L-2026-0001", LicenseFile.verify(text, publicKey, NOW).licenseId());
        assertThrows(LicenseFile.Invalid.class, () -> LicenseFile.verify(text, vendorPublic, NOW));
    }

    @Test
    void surroundingWhitespaceOfTheFileIsIgnored() throws Exception {
        String text = VendorTool.sign(vendor.toJSONString(), PAYLOAD);
        assertEquals("L-2026-0001", LicenseFile.verify("\n  " + text + "\r\n", vendorPublic, NOW).licenseId());
    }

    @Test
    void zeroSeatsAndOffsetTimesAreAccepted() throws Exception {
        String payload = PAYLOAD.replace("\"seats\": 10", "\"seats\": 0")
                .replace("2026-11-01T00:00:00Z", "2026-11-01T02:00:00+02:00");
        LicenseFile file = LicenseFile.verify(VendorTool.sign(vendor.toJSONString(), payload), vendorPublic, NOW);
        assertEquals(0, file.types().get(1).seats());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), file.issuedAt());
    }

    // ---- signature ----

    @Test
    void fileSignedByAnotherKeyIsRefused() throws Exception {
        OctetKeyPair other = VendorTool.generate();
        refusedBy(VendorTool.sign(other.toJSONString(), PAYLOAD), "signature");
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String text = VendorTool.sign(vendor.toJSONString(), PAYLOAD);
        String[] parts = text.split("\\.");
        String json = new Base64URL(parts[1]).decodeToString();
        String changed = json.replace("\"seats\": 20", "\"seats\": 90");
        assertNotEquals(json, changed);
        String tampered = parts[0] + "." + Base64URL.encode(changed.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        refusedBy(tampered, "signature");
    }

    @Test
    void tamperedSignatureIsRefused() throws Exception {
        String text = VendorTool.sign(vendor.toJSONString(), PAYLOAD);
        String[] parts = text.split("\\.");
        byte[] sig = new Base64URL(parts[2]).decode();
        sig[0] ^= 1;
        refusedBy(parts[0] + "." + parts[1] + "." + Base64URL.encode(sig), "signature");
    }

    @Test
    void hs256IsRefused() throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(PAYLOAD));
        jws.sign(new MACSigner("0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
        refusedBy(jws.serialize(), "EdDSA");
    }

    @Test
    void unsignedJwsIsRefused() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
        String body = Base64URL.encode(PAYLOAD).toString();
        assertThrows(LicenseFile.Invalid.class, () -> LicenseFile.verify(header + "." + body + ".", vendorPublic, NOW));
    }

    // ---- expiry ----

    @Test
    void expiredFileIsRefused() throws Exception {
        String payload = PAYLOAD.replace("2027-11-01T00:00:00Z", "2027-01-01T00:00:00Z");
        LicenseFile.Invalid e = refusedBy(VendorTool.sign(vendor.toJSONString(), payload), "expired");
        assertMentions(e, "L-2026-0001");
    }

    @Test
    void fileExpiringExactlyNowIsRefused() throws Exception {
        String text = VendorTool.sign(vendor.toJSONString(), PAYLOAD);
        assertThrows(LicenseFile.Invalid.class, () -> LicenseFile.verify(text, vendorPublic, Instant.parse("2027-11-01T00:00:00Z")));
        assertEquals("L-2026-0001", LicenseFile.verify(text, vendorPublic, Instant.parse("2027-10-31T23:59:59Z")).licenseId());
    }

    // ---- issued in the future ----

    @Test
    void fileIssuedMoreThanFiveMinutesAheadOfTheServersClockIsRefused() throws Exception {
        String text = VendorTool.sign(vendor.toJSONString(), PAYLOAD);
        Instant issued = Instant.parse("2026-11-01T00:00:00Z");
        LicenseFile.Invalid e = assertThrows(LicenseFile.Invalid.class,
                () -> LicenseFile.verify(text, vendorPublic, issued.minusSeconds(5 * 60 + 1)));
        assertMentions(e, "in the future");
        assertMentions(e, "L-2026-0001");
        assertMentions(e, "5 minutes");
    }

    @Test
    void fileIssuedWithinTheClockAllowanceIsAccepted() throws Exception {
        String text = VendorTool.sign(vendor.toJSONString(), PAYLOAD);
        Instant issued = Instant.parse("2026-11-01T00:00:00Z");
        assertEquals("L-2026-0001", LicenseFile.verify(text, vendorPublic, issued.minusSeconds(5 * 60)).licenseId());
        assertEquals("L-2026-0001", LicenseFile.verify(text, vendorPublic, issued).licenseId());
    }

    // ---- not a license file at all ----

    @Test
    void notAJwsIsRefused() {
        refusedBy("hello", "not a signed license file");
        refusedBy("a.b", "not a signed license file");
    }

    @Test
    void emptyIsRefused() {
        refusedBy("", "empty");
        refusedBy("  \n", "empty");
        refusedBy(null, "empty");
    }

    @Test
    void signedPayloadThatIsNotJsonIsRefused() throws Exception {
        refusedBy(signRaw(vendor, "not json"), "JSON");
    }

    // ---- payload rules ----

    static Stream<Arguments> badPayloads() {
        return Stream.of(
                Arguments.of("missing licenseId", PAYLOAD.replace("\"licenseId\": \"L-2026-0001\", ", ""), "licenseId"),
                Arguments.of("licenseId with a space", PAYLOAD.replace("L-2026-0001", "L 2026"), "licenseId"),
                Arguments.of("missing customer", PAYLOAD.replace("\"customer\": \"Example Corp\", ", ""), "customer"),
                Arguments.of("unknown platform VAX", PAYLOAD.replace("[\"VMWARE\", \"KVM\"]", "[\"VMWARE\", \"VAX\"]"), "VAX"),
                Arguments.of("lower-case platform", PAYLOAD.replace("[\"VMWARE\"]", "[\"vmware\"]"), "platform"),
                Arguments.of("empty platforms", PAYLOAD.replace("[\"VMWARE\"]", "[]"), "platforms"),
                Arguments.of("negative seats", PAYLOAD.replace("\"seats\": 20", "\"seats\": -1"), "seats"),
                Arguments.of("fractional seats", PAYLOAD.replace("\"seats\": 20", "\"seats\": 1.5"), "seats"),
                Arguments.of("seats as a string", PAYLOAD.replace("\"seats\": 20", "\"seats\": \"20\""), "seats"),
                Arguments.of("seats missing", PAYLOAD.replace(", \"seats\": 10", ""), "seats"),
                Arguments.of("negative instanceLimit", PAYLOAD.replace("\"instanceLimit\": 25", "\"instanceLimit\": -25"), "instanceLimit"),
                Arguments.of("duplicate type code", PAYLOAD.replace("VLM-5000G", "VLM-MAX"), "twice"),
                Arguments.of("empty types", PAYLOAD.replaceAll("(?s)\"types\": \\[.*]}", "\"types\": []}"), "types"),
                Arguments.of("types not a list", PAYLOAD.replaceAll("(?s)\"types\": \\[.*]}", "\"types\": \"VLM-MAX\"}"), "types"),
                Arguments.of("expiresAt before issuedAt", PAYLOAD.replace("2027-11-01T00:00:00Z", "2026-10-01T00:00:00Z"), "expiresAt"),
                Arguments.of("expiresAt equal to issuedAt", PAYLOAD.replace("2027-11-01T00:00:00Z", "2026-11-01T00:00:00Z"), "expiresAt"),
                Arguments.of("expiresAt not a time", PAYLOAD.replace("2027-11-01T00:00:00Z", "next year"), "expiresAt"),
                Arguments.of("issuedAt without offset", PAYLOAD.replace("2026-11-01T00:00:00Z", "2026-11-01T00:00:00"), "issuedAt"),
                Arguments.of("lower-case type code", PAYLOAD.replace("VLM-5000G", "vlm-5000g"), "vlm-5000g"),
                Arguments.of("payload is an array", "[" + PAYLOAD + "]", "JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void badPayloadIsRefusedByParsePayload(String name, String payload, String mentions) {
        LicenseFile.Invalid e = assertThrows(LicenseFile.Invalid.class, () -> LicenseFile.parsePayload(payload, null));
        assertMentions(e, mentions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void correctlySignedFileWithBadPayloadIsRefusedByVerify(String name, String payload, String mentions) throws Exception {
        refusedBy(signRaw(vendor, payload), mentions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void vendorToolDoesNotSignBadPayload(String name, String payload, String mentions) {
        LicenseFile.Invalid e = assertThrows(LicenseFile.Invalid.class, () -> VendorTool.sign(vendor.toJSONString(), payload));
        assertMentions(e, mentions);
    }

    @Test
    void goodPayloadParsesWithoutSignature() throws Exception {
        LicenseFile file = LicenseFile.parsePayload(PAYLOAD, "text");
        assertEquals(2, file.types().size());
        assertEquals(20, file.types().get(0).seats());
        assertEquals("text", file.text());
    }
}
