package net.activationserver.agent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

/**
 * Verifies leases (compact JWS, ES256 or EdDSA) against the JWK Set of /api/v1/lease-keys, which is cached and
 * fetched again only when a lease names a kid the cache does not hold (a new signing key).
 */
public final class LeaseVerifier {

    /** Where to get the current JWK Set when the cache lacks a kid. */
    @FunctionalInterface
    public interface KeySource {
        JWKSet fetch() throws Exception;
    }

    /** A verified lease and its claims. */
    public record Lease(String jws, String issuer, String instanceId, String mac, String licenseType, Instant issuedAt,
                        Instant expiresAt, String kid) {
    }

    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519, before the 32 raw key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private JWKSet keys;
    private final KeySource source;
    private boolean keysChanged;

    public LeaseVerifier(JWKSet cached, KeySource source) {
        this.keys = cached;
        this.source = source;
    }

    /** The key set in use (to cache in the state file). */
    public JWKSet keys() {
        return keys;
    }

    /** True once the key set was fetched anew (the caller may save it). */
    public boolean keysChanged() {
        return keysChanged;
    }

    /** Verifies the signature with the published key of its kid, and the claims the protocol requires. */
    public Lease verify(String jws) throws Refused {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(jws);
        } catch (ParseException e) {
            throw new Refused("the lease is not a compact JWS: " + e.getMessage());
        }
        String kid = jwt.getHeader().getKeyID();
        JWK key = find(kid);
        if (key == null) {
            refresh();
            key = find(kid);
        }
        if (key == null) {
            throw new Refused("no key " + (kid == null ? "(the lease names none)" : kid) + " in /api/v1/lease-keys");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        boolean valid;
        try {
            if (EC.contains(alg) && key instanceof ECKey ec) {
                valid = jwt.verify(new ECDSAVerifier(ec.toPublicJWK()));
            } else if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
                if (!(key instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve())) {
                    throw new Refused("key " + kid + " is not an Ed25519 key");
                }
                valid = verifyEd25519(okp, jwt);
            } else {
                throw new Refused("lease algorithm " + alg + " does not match key " + kid + " (only ES256 and EdDSA)");
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new Refused("the lease's signature cannot be checked: " + e.getMessage());
        }
        if (!valid) {
            throw new Refused("the lease's signature does not verify with key " + kid);
        }
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (claims.getSubject() == null || claims.getExpirationTime() == null) {
                throw new Refused("the lease lacks sub or exp");
            }
            return new Lease(jws, claims.getIssuer(), claims.getSubject(), claims.getStringClaim("mac"), claims.getStringClaim("lic"),
                    claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant(), kid);
        } catch (ParseException e) {
            throw new Refused("the lease's claims are malformed: " + e.getMessage());
        }
    }

    /** Verifies, and that the lease is for this instance and MAC. */
    public Lease verify(String jws, String instanceId, String mac) throws Refused {
        Lease lease = verify(jws);
        if (!lease.instanceId().equals(instanceId)) {
            throw new Refused("the lease is for instance " + lease.instanceId() + ", not " + instanceId);
        }
        if (mac != null && lease.mac() != null && !lease.mac().equalsIgnoreCase(mac)) {
            throw new Refused("the lease is for MAC " + lease.mac() + ", not " + mac);
        }
        return lease;
    }

    private JWK find(String kid) {
        if (keys == null) {
            return null;
        }
        if (kid == null) {
            return keys.getKeys().size() == 1 ? keys.getKeys().get(0) : null;
        }
        return keys.getKeyByKeyId(kid);
    }

    private void refresh() throws Refused {
        try {
            JWKSet fresh = source.fetch();
            if (fresh != null) {
                keys = fresh;
                keysChanged = true;
            }
        } catch (Exception e) {
            throw new Refused("cannot get /api/v1/lease-keys: " + e.getMessage());
        }
    }

    private static boolean verifyEd25519(OctetKeyPair key, SignedJWT jwt) throws GeneralSecurityException {
        byte[] raw = key.getDecodedX();
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(publicKey);
        signature.update(jwt.getSigningInput());
        return signature.verify(jwt.getSignature().decode());
    }
}
