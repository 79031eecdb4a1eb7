package net.activationserver.agent;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseVerifierTest {

    private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");

    private static JWTClaimsSet claims(String sub) {
        return new JWTClaimsSet.Builder().issuer("server-1").subject(sub).claim("mac", "00:50:56:AB:CD:EF").claim("lic", "VLM-MAX")
                .issueTime(new Date()).expirationTime(Date.from(EXP)).jwtID("j1").build();
    }

    private static String es256(ECKey key, String sub) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims(sub));
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void anEs256LeaseVerifiesWithThePublishedKeyOfItsKid() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        LeaseVerifier verifier = new LeaseVerifier(new JWKSet(key.toPublicJWK()), () -> {
            throw new AssertionError("no fetch needed");
        });
        LeaseVerifier.Lease lease = verifier.verify(es256(key, "i-1"), "i-1", "00:50:56:ab:cd:ef");
        assertEquals("i-1", lease.instanceId());
        assertEquals("VLM-MAX", lease.licenseType());
        assertEquals(EXP, lease.expiresAt());
        assertEquals("server-1", lease.issuer());
        assertFalse(verifier.keysChanged());
    }

    @Test
    void aTamperedLeaseOrOneSignedByAnotherKeyIsRefused() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        LeaseVerifier verifier = new LeaseVerifier(new JWKSet(key.toPublicJWK()), () -> new JWKSet(key.toPublicJWK()));
        assertThrows(LeaseVerifier.Refused.class, () -> verifier.verify(es256(impostor, "i-1")));

        String[] parts = es256(key, "i-1").split("\\.");
        String otherPayload = Base64URL.encode(claims("i-2").toString().getBytes(StandardCharsets.UTF_8)).toString();
        assertThrows(LeaseVerifier.Refused.class, () -> verifier.verify(parts[0] + "." + otherPayload + "." + parts[2]));
        assertThrows(LeaseVerifier.Refused.class, () -> verifier.verify("not-a-jws"));
        assertThrows(LeaseVerifier.Refused.class, () -> verifier.verify(es256(key, "i-1"), "i-2", null), "another instance's lease");
        assertThrows(LeaseVerifier.Refused.class, () -> verifier.verify(es256(key, "i-1"), "i-1", "00:50:56:00:00:01"), "another MAC");
    }

    @Test
    void anUnknownKidFetchesTheKeysOnceMore() throws Exception {
        ECKey old = new ECKeyGenerator(Curve.P_256).keyID("old").generate();
        ECKey added = new ECKeyGenerator(Curve.P_256).keyID("new").generate();
        AtomicInteger fetches = new AtomicInteger();
        LeaseVerifier verifier = new LeaseVerifier(new JWKSet(old.toPublicJWK()), () -> {
            fetches.incrementAndGet();
            return new JWKSet(List.of(old.toPublicJWK(), added.toPublicJWK()));
        });
        verifier.verify(es256(old, "i-1"));
        assertEquals(0, fetches.get());
        verifier.verify(es256(added, "i-1"));
        assertEquals(1, fetches.get());
        assertTrue(verifier.keysChanged());
        verifier.verify(es256(added, "i-1"));
        assertEquals(1, fetches.get(), "cached from then on");

        ECKey unknown = new ECKeyGenerator(Curve.P_256).keyID("nobody").generate();
        LeaseVerifier.Refused refused = assertThrows(LeaseVerifier.Refused.class, () -> verifier.verify(es256(unknown, "i-1")));
        assertTrue(refused.getMessage().contains("nobody"), refused.getMessage());
    }

    @Test
    void anEdDsaLeaseVerifiesWithTheJdksEd25519() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw)).keyID("ed").build();
        String header = Base64URL.encode("{\"alg\":\"EdDSA\",\"kid\":\"ed\"}".getBytes(StandardCharsets.UTF_8)).toString();
        String payload = Base64URL.encode(claims("i-9").toString().getBytes(StandardCharsets.UTF_8)).toString();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        String jws = header + "." + payload + "." + Base64URL.encode(signer.sign());

        LeaseVerifier verifier = new LeaseVerifier(JWKSet.parse(new JWKSet(jwk).toString(true)), () -> null);
        assertEquals("i-9", verifier.verify(jws).instanceId());
        String forged = header + "." + Base64URL.encode(claims("i-10").toString().getBytes(StandardCharsets.UTF_8)) + "." + jws.split("\\.")[2];
        assertThrows(LeaseVerifier.Refused.class, () -> verifier.verify(forged));
    }
}
