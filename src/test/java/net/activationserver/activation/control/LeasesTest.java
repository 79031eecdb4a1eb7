package net.activationserver.activation.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import net.activationserver.activation.entity.LeaseKey;
import net.activationserver.licensing.entity.Ed25519;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeasesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A P-256 key as builds before Ed25519 leases stored it. */
    private static LeaseKey earlierBuildsKey(Instant createdAt) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-" + createdAt.getEpochSecond()).algorithm(JWSAlgorithm.ES256).generate();
        return new LeaseKey(key.getKeyID(), key.toJSONString(), key.toPublicJWK().toJSONString(), createdAt);
    }

    private static JWSObject signed(Leases.KeySet set) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(set.algorithm()).keyID(set.kid()).build(), new Payload("{\"sub\":\"i\"}"));
        jws.sign(set.signer());
        return JWSObject.parse(jws.serialize());
    }

    @Test
    void newKeysAreEd25519AndSignEdDsaThatTheirPublishedKeyVerifies() throws Exception {
        LeaseKey key = Leases.newKey(T0);
        Leases.KeySet set = Leases.KeySet.of(List.of(key), T0);

        assertEquals(JWSAlgorithm.EdDSA, set.algorithm());
        assertEquals(key.kid(), set.kid());
        OctetKeyPair published = (OctetKeyPair) set.publicKeys().getKeyByKeyId(key.kid());
        assertFalse(published.isPrivate(), "only the public half is published");
        assertTrue(signed(set).verify(Ed25519.verifier(published)));
    }

    @Test
    void aDatabaseOfAnEarlierBuildKeepsSigningEs256UntilANewKeyIsAdded() throws Exception {
        LeaseKey old = earlierBuildsKey(T0);
        Leases.KeySet before = Leases.KeySet.of(List.of(old), T0);
        assertEquals(JWSAlgorithm.ES256, before.algorithm());
        JWSObject oldLease = signed(before);
        assertTrue(oldLease.verify(new ECDSAVerifier((ECKey) before.publicKeys().getKeyByKeyId(old.kid()))));

        LeaseKey added = Leases.newKey(T0.plusSeconds(60));
        Leases.KeySet after = Leases.KeySet.of(List.of(old, added), T0.plusSeconds(60));
        assertEquals(JWSAlgorithm.EdDSA, after.algorithm(), "the newest key signs");
        assertEquals(added.kid(), after.kid());
        assertEquals(2, after.publicKeys().getKeys().size(), "both keys stay published");
        assertTrue(oldLease.verify(new ECDSAVerifier((ECKey) after.publicKeys().getKeyByKeyId(old.kid()))), "earlier leases still verify");
    }

    @Test
    void noKeyOrAnUnreadableOneIsRefusedWithItsKid() {
        assertThrows(IllegalStateException.class, () -> Leases.KeySet.of(List.of(), T0));
        LeaseKey broken = new LeaseKey("broken-kid", "{\"kty\":\"oct\",\"k\":\"AAAA\"}", "{\"kty\":\"oct\",\"k\":\"AAAA\"}", T0);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Leases.KeySet.of(List.of(broken), T0));
        assertTrue(refused.getMessage().contains("broken-kid"), refused.getMessage());
    }
}
