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
import net.activationserver.server.control.Secrets;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeasesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Secrets SECRETS = Secrets.withKey(randomKey());

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

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
        LeaseKey key = Leases.newKey(T0, SECRETS);
        Leases.KeySet set = Leases.KeySet.of(List.of(key), SECRETS, T0);

        assertEquals(JWSAlgorithm.EdDSA, set.algorithm());
        assertEquals(key.kid(), set.kid());
        OctetKeyPair published = (OctetKeyPair) set.publicKeys().getKeyByKeyId(key.kid());
        assertFalse(published.isPrivate(), "only the public half is published");
        assertTrue(signed(set).verify(Ed25519.verifier(published)));
    }

    @Test
    void aDatabaseOfAnEarlierBuildKeepsSigningEs256UntilANewKeyIsAdded() throws Exception {
        LeaseKey old = earlierBuildsKey(T0);
        Leases.KeySet before = Leases.KeySet.of(List.of(old), SECRETS, T0);
        assertEquals(JWSAlgorithm.ES256, before.algorithm());
        JWSObject oldLease = signed(before);
        assertTrue(oldLease.verify(new ECDSAVerifier((ECKey) before.publicKeys().getKeyByKeyId(old.kid()))));

        LeaseKey added = Leases.newKey(T0.plusSeconds(60), SECRETS);
        Leases.KeySet after = Leases.KeySet.of(List.of(old, added), SECRETS, T0.plusSeconds(60));
        assertEquals(JWSAlgorithm.EdDSA, after.algorithm(), "the newest key signs");
        assertEquals(added.kid(), after.kid());
        assertEquals(2, after.publicKeys().getKeys().size(), "both keys stay published");
        assertTrue(oldLease.verify(new ECDSAVerifier((ECKey) after.publicKeys().getKeyByKeyId(old.kid()))), "earlier leases still verify");
    }

    @Test
    void noKeyOrAnUnreadableOneIsRefusedWithItsKid() {
        assertThrows(IllegalStateException.class, () -> Leases.KeySet.of(List.of(), SECRETS, T0));
        LeaseKey broken = new LeaseKey("broken-kid", "{\"kty\":\"oct\",\"k\":\"AAAA\"}", "{\"kty\":\"oct\",\"k\":\"AAAA\"}", T0);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Leases.KeySet.of(List.of(broken), SECRETS, T0));
        assertTrue(refused.getMessage().contains("broken-kid"), refused.getMessage());
    }

    @Test
    void theStoredPrivateKeyIsSealedAndOpensOnlyForItsRowWithItsKey() throws Exception {
        LeaseKey key = Leases.newKey(T0, SECRETS);
        assertTrue(key.sealedPrivateJwk().startsWith("v1:"), "sealed");
        assertFalse(key.sealedPrivateJwk().contains("\"d\""), "no private member in clear");
        assertTrue(OctetKeyPair.parse(SECRETS.open(key.sealedPrivateJwk(), key.context())).isPrivate());

        LeaseKey moved = new LeaseKey("another-kid", key.sealedPrivateJwk(), key.publicJwk(), T0);
        assertThrows(IllegalStateException.class, () -> Leases.KeySet.of(List.of(moved), SECRETS, T0), "sealed for another row");
        IllegalStateException otherKey = assertThrows(IllegalStateException.class,
                () -> Leases.KeySet.of(List.of(key), Secrets.withKey(randomKey()), T0));
        assertTrue(otherKey.getMessage().contains("asl.secrets.key"), otherKey.getMessage());
        assertTrue(otherKey.getMessage().endsWith("the Activation Server cannot start."), otherKey.getMessage());
    }

    @Test
    void aKeyAnEarlierBuildStoredInClearStillSigns() throws Exception {
        OctetKeyPair clear = new OctetKeyPair.Builder(Ed25519.generate()).keyID("clear-kid").algorithm(JWSAlgorithm.EdDSA).build();
        LeaseKey stored = new LeaseKey("clear-kid", clear.toJSONString(), clear.toPublicJWK().toJSONString(), T0);
        Leases.KeySet set = Leases.KeySet.of(List.of(stored), SECRETS, T0);
        assertTrue(signed(set).verify(Ed25519.verifier(clear.toPublicJWK())));
    }

    @Test
    void aLeaseWhoseKeyLeftTheSetIsNoLongerPublished() throws Exception {
        LeaseKey first = Leases.newKey(T0, SECRETS);
        LeaseKey second = Leases.newKey(T0.plusSeconds(60), SECRETS);
        String lease = signed(Leases.KeySet.of(List.of(first), SECRETS, T0)).serialize();
        assertTrue(Leases.KeySet.of(List.of(first, second), SECRETS, T0).published(lease), "an added key leaves earlier leases valid");
        assertFalse(Leases.KeySet.of(List.of(second), SECRETS, T0).published(lease), "its key retired: to be renewed");
        assertFalse(Leases.KeySet.of(List.of(second), SECRETS, T0).published("not-a-lease"));
    }
}
