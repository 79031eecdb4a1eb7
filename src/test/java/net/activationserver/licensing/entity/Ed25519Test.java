package net.activationserver.licensing.entity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.OctetKeyPair;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519Test {

    /** DER prefix of a PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410), before the 32-byte seed. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    @Test
    void signaturesAreTheJdksOwnByteForByte() throws Exception {
        // Ed25519 is deterministic: the BouncyCastle signer must give exactly what the JDK's provider gives
        OctetKeyPair key = Ed25519.generate();
        byte[] input = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJpbnN0YW5jZSJ9".getBytes(StandardCharsets.US_ASCII);
        JWSHeader header = new JWSHeader(JWSAlgorithm.EdDSA);

        byte[] ours = Ed25519.signer(key).sign(header, input).decode();

        byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + 32);
        System.arraycopy(key.getD().decode(), 0, der, PKCS8_PREFIX.length, 32);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
        jdk.update(input);
        assertArrayEquals(jdk.sign(), ours);
    }

    @Test
    void aSignedJwsVerifiesWithItsPublicKeyOnlyAndNotOnceAltered() throws Exception {
        OctetKeyPair key = Ed25519.generate();
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.EdDSA), new Payload("{\"sub\":\"a\"}"));
        jws.sign(Ed25519.signer(key));
        String compact = jws.serialize();

        assertTrue(JWSObject.parse(compact).verify(Ed25519.verifier(key.toPublicJWK())));
        assertFalse(JWSObject.parse(compact).verify(Ed25519.verifier(Ed25519.generate().toPublicJWK())), "another key");
        String[] parts = compact.split("\\.");
        String altered = parts[0] + "." + new Payload("{\"sub\":\"b\"}").toBase64URL() + "." + parts[2];
        assertFalse(JWSObject.parse(altered).verify(Ed25519.verifier(key.toPublicJWK())), "another payload");
    }

    @Test
    void onlyPrivateEd25519KeysSign() {
        assertThrows(IllegalArgumentException.class, () -> Ed25519.signer(Ed25519.generate().toPublicJWK()));
    }
}
