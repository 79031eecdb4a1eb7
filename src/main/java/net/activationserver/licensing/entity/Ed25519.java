package net.activationserver.licensing.entity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * EdDSA (Ed25519) for Nimbus JOSE. Nimbus's built-in Ed25519 classes need Google Tink, which a server-provided Nimbus
 * (Payara ships one) cannot load from the WAR. Signatures come from BouncyCastle's lightweight API (no JCA provider is
 * registered): 0.04 ms each on an idle core, where the JDK 17 provider takes 0.7 ms (and its P-256, which leases used
 * before, 0.6 ms: the largest part of an activation's CPU, docs/BENCHMARKS.md). Verification and key generation, rare,
 * use the JDK's own provider (Java 15+).
 */
public final class Ed25519 {

    private static final HexFormat HEX = HexFormat.of();
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), followed by the 32-byte key. */
    static final byte[] SPKI_PREFIX = HEX.parseHex("302a300506032b6570032100");
    private static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

    private Ed25519() {
    }

    public static OctetKeyPair generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] spki = pair.getPublic().getEncoded();
            byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            byte[] d = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d)).keyIDFromThumbprint().build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("Ed25519 key generation failed", e);
        }
    }

    public static JWSSigner signer(OctetKeyPair key) {
        if (!key.isPrivate() || !Curve.Ed25519.equals(key.getCurve())) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        byte[] seed = key.getD().decode();
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 key has 32 bytes");
        }
        return new Signer(new Ed25519PrivateKeyParameters(seed, 0));
    }

    public static JWSVerifier verifier(OctetKeyPair key) {
        if (!Curve.Ed25519.equals(key.getCurve())) {
            throw new IllegalArgumentException("not an Ed25519 key");
        }
        return new Verifier(publicKey(key.getX().decode()));
    }

    private static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 key has 32 bytes");
        }
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 key", e);
        }
    }

    private static final class Signer extends BaseJWSProvider implements JWSSigner {
        private final Ed25519PrivateKeyParameters key;

        Signer(Ed25519PrivateKeyParameters key) {
            super(EDDSA);
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                throw new JOSEException("only EdDSA");
            }
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, key);
            signer.update(signingInput, 0, signingInput.length);
            return Base64URL.encode(signer.generateSignature());
        }
    }

    private static final class Verifier extends BaseJWSProvider implements JWSVerifier {
        private final PublicKey key;

        Verifier(PublicKey key) {
            super(EDDSA);
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature) {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signedContent);
                return verifier.verify(signature.decode());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
