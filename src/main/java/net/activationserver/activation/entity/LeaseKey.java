package net.activationserver.activation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A lease signing key, in the database so every node signs with the same key set. */
@Entity
@Table(name = "lease_key")
public class LeaseKey {

    @Id
    private String kid;

    @Column(name = "private_jwk", nullable = false)
    private String privateJwk;

    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected LeaseKey() {
    }

    public LeaseKey(String kid, String privateJwk, String publicJwk, Instant createdAt) {
        this.kid = kid;
        this.privateJwk = privateJwk;
        this.publicJwk = publicJwk;
        this.createdAt = createdAt;
    }

    public String kid() {
        return kid;
    }

    public String privateJwk() {
        return privateJwk;
    }

    public String publicJwk() {
        return publicJwk;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
