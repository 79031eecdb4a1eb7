package net.activationserver.activation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A lease signing key, in the database so every node signs with the same key set. Its private half is stored sealed
 * with the secrets key ({@code server.control.SecretCipher}, the row as associated data), never in clear; rows an
 * earlier build wrote in clear are sealed at the next start.
 */
@Entity
@Table(name = "lease_key")
public class LeaseKey {

    @Id
    private String kid;

    /** The private JWK, sealed ({@code v1:KEYID:IV:CIPHERTEXT}); in clear only in rows of earlier builds, until sealed. */
    @Column(name = "private_jwk", nullable = false)
    private String sealedPrivateJwk;

    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected LeaseKey() {
    }

    public LeaseKey(String kid, String sealedPrivateJwk, String publicJwk, Instant createdAt) {
        this.kid = kid;
        this.sealedPrivateJwk = sealedPrivateJwk;
        this.publicJwk = publicJwk;
        this.createdAt = createdAt;
    }

    public String kid() {
        return kid;
    }

    public String sealedPrivateJwk() {
        return sealedPrivateJwk;
    }

    /** Replaces a private key stored in clear by its sealed form. */
    public void sealed(String sealedPrivateJwk) {
        this.sealedPrivateJwk = sealedPrivateJwk;
    }

    /** The associated data its private key is sealed with: the row's identity. */
    public String context() {
        return context(kid);
    }

    public static String context(String kid) {
        return "lease_key:" + kid;
    }

    public String publicJwk() {
        return publicJwk;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
