package net.activationserver.activation.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.LeaseKey;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.ServerKeys;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs leases (ES256 JWS) with the newest key of the shared key set and publishes every key of it.
 * Keys live in the database: all nodes sign with keys of one set, and a new key can be added while
 * leases signed by older keys still verify. The set is re-read at most every {@value #REFRESH_SECONDS} s.
 */
@ApplicationScoped
public class Leases {

    static final long REFRESH_SECONDS = 30;

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    ServerKeys keys;

    private volatile KeySet cache;

    public record Lease(String jws, Instant expiresAt) {
    }

    private record KeySet(ECDSASigner signer, String kid, JWKSet publicKeys, Instant readAt) {
    }

    /**
     * How long a lease lasts: {@code asl.lease.grace}, but never past the moment the sweep could release the
     * seat of an instance that stops heartbeating now ({@code asl.heartbeat.timeout + asl.seat.release-after}):
     * a seat is never released while a lease issued for it may still be valid.
     */
    public static Duration lifetime() {
        Duration grace = AslConfig.leaseGrace();
        Duration untilRelease = AslConfig.heartbeatTimeout().plus(AslConfig.seatReleaseAfter());
        return grace.compareTo(untilRelease) <= 0 ? grace : untilRelease;
    }

    /**
     * Whether a stored lease is due for renewal: when less than its lifetime minus a tenth (at most a day) is left.
     * A heartbeat otherwise hands the stored lease out again, without signing.
     */
    public static boolean due(Instant leaseExpiresAt, Instant now) {
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
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(set.kid()).type(JOSEObjectType.JWT).build(), claims);
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

    /** Adds a new signing key to the set (in the caller's transaction); older keys stay published. */
    public String addKey(Instant now) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.ES256).generate();
            em.persist(new LeaseKey(key.getKeyID(), key.toJSONString(), key.toPublicJWK().toJSONString(), now));
            em.flush();
            cache = null;
            return key.getKeyID();
        } catch (JOSEException e) {
            throw new IllegalStateException("lease key generation failed", e);
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
        List<LeaseKey> stored = em.createQuery("SELECT k FROM LeaseKey k", LeaseKey.class).getResultList();
        LeaseKey newest = stored.stream().max(Comparator.comparing(LeaseKey::createdAt).thenComparing(LeaseKey::kid))
                .orElseThrow(() -> new IllegalStateException("no lease signing key"));
        try {
            ECKey signing = ECKey.parse(newest.privateJwk());
            JWKSet published = new JWKSet(stored.stream().map(k -> {
                try {
                    return (com.nimbusds.jose.jwk.JWK) ECKey.parse(k.publicJwk());
                } catch (ParseException e) {
                    throw new IllegalStateException("stored lease key " + k.kid() + " is unreadable", e);
                }
            }).toList());
            set = new KeySet(new ECDSASigner(signing), newest.kid(), published, now);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("stored lease key " + newest.kid() + " is unreadable", e);
        }
        cache = set;
        return set;
    }
}
