package net.activationserver.licensing.entity;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The vendor's Ed25519 public key, from the text of {@code asl.vendor.public-key}: a PEM
 * "BEGIN PUBLIC KEY" block, an OKP JWK, or the path of a file holding either.
 */
public final class VendorKey {

    private static final byte[] ED25519_SPKI_PREFIX = Ed25519.SPKI_PREFIX;

    private VendorKey() {
    }

    public static OctetKeyPair parsePublic(String setting) {
        String text = setting.strip();
        if (!text.startsWith("-----") && !text.startsWith("{")) {
            try {
                text = Files.readString(Path.of(text)).strip();
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("is neither a PEM public key, a JWK, nor a readable file");
            }
        }
        if (text.startsWith("{")) {
            try {
                JWK jwk = JWK.parse(text);
                if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                    if (okp.getX().decode().length != 32) {
                        throw new IllegalArgumentException("is an Ed25519 JWK whose key is not 32 bytes");
                    }
                    return okp.toPublicJWK();
                }
            } catch (ParseException e) {
                throw new IllegalArgumentException("is not a valid JWK");
            }
            throw new IllegalArgumentException("is a JWK but not an Ed25519 (OKP) key");
        }
        String base64 = text.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a PEM public key");
        }
        if (der.length != ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(der, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)) {
            throw new IllegalArgumentException("is a PEM key but not an Ed25519 public key");
        }
        byte[] x = Arrays.copyOfRange(der, ED25519_SPKI_PREFIX.length, der.length);
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).build();
    }

    public static String toPem(OctetKeyPair key) {
        byte[] x = key.getX().decode();
        byte[] der = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + x.length);
        System.arraycopy(x, 0, der, ED25519_SPKI_PREFIX.length, x.length);
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }
}
