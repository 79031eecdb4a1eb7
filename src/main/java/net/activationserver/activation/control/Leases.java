package net.activationserver.activation.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.LeaseKey;
import net.activationserver.licensing.entity.Ed25519;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.ServerKeys;
import net.activationserver.server.entity.Starting;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs leases (JWS, EdDSA with Ed25519 keys, ES256 with the P-256 keys of earlier builds) with the newest key of the
 * shared key set and publishes every key of it. Keys live in the database: all nodes sign with keys of one set, and a
 * new key can be added while leases signed by older keys still verify. The set is re-read at most every
 * {@value #REFRESH_SECONDS} s. New keys are Ed25519: an activation signs one lease, and Ed25519 signs about twenty
 * times faster than ES256 on JDK 17 (docs/DECISIONS.md, "Leases").
 */
@ApplicationScoped
public class Leases {

    static final long REFRESH_SECONDS = 30;

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    ServerKeys keys;

    @Inject
    AslConfig config;

    private volatile KeySet cache;

    public record Lease(String jws, Instant expiresAt) {
    }

    /** The stored keys as the server uses them: all published, the newest signing (EdDSA or ES256, by its kind). */
    record KeySet(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWKSet publicKeys, Instant readAt) {

        static KeySet of(List<LeaseKey> stored, Instant now) {
            LeaseKey newest = stored.stream().max(Comparator.comparing(LeaseKey::createdAt).thenComparing(LeaseKey::kid))
                    .orElseThrow(() -> new IllegalStateException("no lease signing key"));
            JWKSet published = new JWKSet(stored.stream().map(k -> parse(k.kid(), k.publicJwk())).toList());
            JWK signing = parse(newest.kid(), newest.privateJwk());
            try {
                return signing instanceof OctetKeyPair ed25519
                        ? new KeySet(Ed25519.signer(ed25519), JWSAlgorithm.EdDSA, newest.kid(), published, now)
                        : new KeySet(new ECDSASigner(signing.toECKey()), JWSAlgorithm.ES256, newest.kid(), published, now);
            } catch (JOSEException | IllegalArgumentException e) {
                throw new IllegalStateException("stored lease key " + newest.kid() + " is unreadable", e);
            }
        }
    }

    /**
     * How long a lease lasts: {@code asl.lease.grace}, but never past the moment the sweep could release the
     * seat of an instance that stops heartbeating now ({@code asl.heartbeat.timeout + asl.seat.release-after}):
     * a seat is never released while a lease issued for it may still be valid.
     */
    public Duration lifetime() {
        Duration grace = config.leaseGrace();
        Duration untilRelease = config.heartbeatTimeout().plus(config.seatReleaseAfter());
        return grace.compareTo(untilRelease) <= 0 ? grace : untilRelease;
    }

    /**
     * Whether a stored lease is due for renewal: when less than its lifetime minus a tenth (at most a day) is left.
     * A heartbeat otherwise hands the stored lease out again, without signing.
     */
    public boolean due(Instant leaseExpiresAt, Instant now) {
        if (leaseExpiresAt == null) {
            return true;
        }
        Duration lifetime = lifetime();
        Duration slack = lifetime.dividedBy(10).compareTo(Duration.ofDays(1)) < 0 ? lifetime.dividedBy(10) : Duration.ofDays(1);
        return leaseExpiresAt.isBefore(now.plus(lifetime).minus(slack));
    }

    public Lease sign(Instance instance, Instant now) {
        Lease lease = sign(instance.id(), instance.mac(), instance.licenseType(), now);
        instance.leased(lease.jws(), lease.expiresAt());
        return lease;
    }

    public Lease sign(String instanceId, String mac, String licenseType, Instant now) {
        Instant expiresAt = Instant.ofEpochSecond(now.plus(lifetime()).getEpochSecond());
        KeySet set = keySet(now);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(keys.serverId())
                .subject(instanceId)
                .claim("mac", mac)
                .claim("lic", licenseType)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(set.algorithm()).keyID(set.kid()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(set.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("lease signing failed", e);
        }
        return new Lease(jwt.serialize(), expiresAt);
    }

    public Map<String, Object> publicKeys() {
        return keySet(Instant.now()).publicKeys().toJSONObject(true);
    }

    /** Adds a new (Ed25519) signing key to the set (in the caller's transaction); older keys stay published. */
    public String addKey(Instant now) {
        LeaseKey key = newKey(now);
        em.persist(key);
        em.flush();
        cache = null;
        return key.kid();
    }

    /** A new Ed25519 lease key pair with a random kid. */
    static LeaseKey newKey(Instant now) {
        OctetKeyPair key = new OctetKeyPair.Builder(Ed25519.generate()).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.EdDSA).build();
        return new LeaseKey(key.getKeyID(), key.toJSONString(), key.toPublicJWK().toJSONString(), now);
    }

    /** First start: the key set gets its first key (a second node starting at once may add another; both verify). */
    @Transactional
    void firstKey(@Observes Starting starting) {
        if (!hasKey()) {
            addKey(Instant.now());
        }
    }

    public boolean hasKey() {
        return !em.createQuery("SELECT k.kid FROM LeaseKey k", String.class).setMaxResults(1).getResultList().isEmpty();
    }

    private KeySet keySet(Instant now) {
        KeySet set = cache;
        if (set != null && Duration.between(set.readAt(), now).getSeconds() < REFRESH_SECONDS) {
            return set;
        }
        set = KeySet.of(em.createQuery("SELECT k FROM LeaseKey k", LeaseKey.class).getResultList(), now);
        cache = set;
        return set;
    }

    /** A stored key: an Ed25519 key pair (OKP) or, made by earlier builds, a P-256 one (EC). */
    private static JWK parse(String kid, String json) {
        try {
            JWK key = JWK.parse(json);
            if (key instanceof OctetKeyPair || key instanceof ECKey) {
                return key;
            }
            throw new IllegalStateException("stored lease key " + kid + " is neither Ed25519 nor P-256");
        } catch (ParseException e) {
            throw new IllegalStateException("stored lease key " + kid + " is unreadable", e);
        }
    }
}
