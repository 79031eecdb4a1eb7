package net.activationserver.licensing.entity;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import net.activationserver.licensing.vendor.VendorTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VendorKeyTest {

    private static OctetKeyPair pair;

    @BeforeAll
    static void generate() throws Exception {
        pair = VendorTool.generate();
    }

    private static void assertSameKey(OctetKeyPair expected, OctetKeyPair actual) {
        assertEquals(Curve.Ed25519, actual.getCurve());
        assertArrayEquals(expected.getX().decode(), actual.getX().decode());
        assertFalse(actual.isPrivate(), "a parsed vendor key must be public only");
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = VendorKeyTest.class.getResourceAsStream("/vendor/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- accepted ----

    @Test
    void pemWrittenByToPemIsAccepted() {
        String pem = VendorKey.toPem(pair);
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
        assertTrue(pem.strip().endsWith("-----END PUBLIC KEY-----"), pem);
        assertSameKey(pair, VendorKey.parsePublic(pem));
    }

    @Test
    void pemIsStandardX509SubjectPublicKeyInfo() throws Exception {
        // the JDK reads the same PEM as an Ed25519 public key: the text is interchangeable with openssl's
        String base64 = VendorKey.toPem(pair).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var jdkKey = java.security.KeyFactory.getInstance("Ed25519")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        assertEquals("EdDSA", jdkKey.getAlgorithm());
    }

    @Test
    void pemWithCrLfAndSurroundingBlanksIsAccepted() {
        String pem = "\n  " + VendorKey.toPem(pair).replace("\n", "\r\n") + "  \n";
        assertSameKey(pair, VendorKey.parsePublic(pem));
    }

    @Test
    void publicJwkJsonIsAccepted() {
        assertSameKey(pair, VendorKey.parsePublic(pair.toPublicJWK().toJSONString()));
    }

    @Test
    void privateJwkYieldsOnlyThePublicKey() {
        assertSameKey(pair, VendorKey.parsePublic(pair.toJSONString()));
    }

    @Test
    void pathOfAPemFileIsAccepted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vendor-public.pem");
        Files.writeString(file, VendorKey.toPem(pair));
        assertSameKey(pair, VendorKey.parsePublic(file.toString()));
        assertSameKey(pair, VendorKey.parsePublic("  " + file + "\n"));
    }

    @Test
    void pathOfAJwkFileIsAccepted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vendor-public.jwk");
        Files.writeString(file, pair.toPublicJWK().toJSONString() + "\n");
        assertSameKey(pair, VendorKey.parsePublic(file.toString()));
    }

    // ---- refused ----

    @Test
    void rsaPemIsRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(pem));
    }

    @Test
    void rsaPemFileIsRefused(@TempDir Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path file = dir.resolve("rsa.pem");
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(file.toString()));
    }

    @Test
    void x25519PemIsRefused() throws Exception {
        // same length as an Ed25519 SubjectPublicKeyInfo, different algorithm OID
        byte[] der = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(pem));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage",
            "/no/such/file/vendor-public.pem",
            "-----BEGIN PUBLIC KEY-----\n!!! not base64 !!!\n-----END PUBLIC KEY-----",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----",
            "{",
            "{}",
            "{\"kty\":\"OKP\"}",
            "",
            "   ",
    })
    void garbageIsRefused(String setting) {
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(setting));
    }

    @Test
    void garbageFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.txt");
        Files.writeString(file, "this is not a key\n");
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(file.toString()));
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(dir.toString()));
    }

    @Test
    void ecJwkIsRefused() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(ec.toPublicJWK().toJSONString()));
    }

    @Test
    void x25519JwkIsRefused() throws Exception {
        byte[] x = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
        OctetKeyPair x25519 = new OctetKeyPair.Builder(Curve.X25519, Base64URL.encode(Arrays.copyOfRange(x, x.length - 32, x.length))).build();
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(x25519.toJSONString()));
    }

    // ---- the test key pair in src/test/resources/vendor ----

    @Test
    void testResourceKeysFormAPair() throws Exception {
        OctetKeyPair fromPem = VendorKey.parsePublic(resource("vendor-public.pem"));
        OctetKeyPair fromJwk = VendorKey.parsePublic(resource("vendor-public.jwk"));
        assertArrayEquals(fromPem.getX().decode(), fromJwk.getX().decode());

        String privateJwk = resource("vendor-private.jwk");
        String text = VendorTool.sign(privateJwk, LicenseFileTest.PAYLOAD);
        LicenseFile file = LicenseFile.verify(text, fromPem, LicenseFileTest.NOW);
        assertEquals("L-2026-0001", file.licenseId());
        assertEquals(LicenseFile.verify(text, fromJwk, LicenseFileTest.NOW), file);

        // and a freshly generated key is not that pair
        assertThrows(LicenseFile.Invalid.class,
                () -> LicenseFile.verify(VendorTool.sign(pair.toJSONString(), LicenseFileTest.PAYLOAD), fromPem, LicenseFileTest.NOW));
    }

    @Test
    void testResourcePemIsWhatToPemWrites() throws Exception {
        OctetKeyPair fromJwk = VendorKey.parsePublic(resource("vendor-public.jwk"));
        assertEquals(resource("vendor-public.pem").strip(), VendorKey.toPem(fromJwk).strip());
    }

    @Test
    void parsedKeyHasNoPrivatePart() {
        assertFalse(VendorKey.parsePublic(pair.toJSONString()).toJSONString().contains("\"d\""));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 31, 33})
    void ed25519JwkWithAKeyOfTheWrongLengthIsRefused(int length) {
        byte[] x = new byte[length];
        Arrays.fill(x, (byte) 7);
        String jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Base64URL.encode(x) + "\"}";
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic(jwk));
    }

    @Test
    void ed25519JwkWithXOfThreeBytesLiterallyIsRefused() {
        assertEquals(3, Base64URL.from("AAAA").decode().length);
        assertThrows(IllegalArgumentException.class, () -> VendorKey.parsePublic("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}"));
    }
}
