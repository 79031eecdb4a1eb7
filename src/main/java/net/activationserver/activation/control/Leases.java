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
import net.activationserver.activation.entity.UnknownLeaseKeyException;
import com.nimbusds.jose.util.Base64URL;
import jakarta.persistence.LockModeType;
import net.activationserver.server.control.SecretCipher;
import net.activationserver.server.control.Secrets;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.UUID;

/**
 * Signs leases (JWS, EdDSA with Ed25519 keys, ES256 with the P-256 keys of earlier builds) with the newest key of the
 * shared key set and publishes every key of it. Keys live in the database: all nodes sign with keys of one set, and a
 * new key can be added while leases signed by older keys still verify, and a compromised one retired. The private
 * keys are stored sealed with the secrets key ({@link Secrets}): a database dump alone cannot sign a lease. The set is
 * re-read at most every {@value #REFRESH_MILLIS} ms, so a key added or retired on one node is used or dropped by every
 * node within that time. New keys are Ed25519: an activation signs one lease, and Ed25519 signs about twenty
 * times faster than ES256 on JDK 17 (docs/DECISIONS.md, "Leases").
 */
@ApplicationScoped
public class Leases {

    static final long REFRESH_MILLIS = 1000;
    private static final Logger LOG = Logger.getLogger(Leases.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    ServerKeys keys;

    @Inject
    AslConfig config;

    @Inject
    Releases releases;

    @Inject
    Secrets secrets;

    private volatile KeySet cache;

    public record Lease(String jws, Instant expiresAt) {
    }

    /**
     * The stored keys as the server uses them: all published, the newest signing (EdDSA or ES256, by its kind), and
     * which lease headers name a published key (a handful of distinct headers: one per key).
     */
    record KeySet(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWKSet publicKeys, Instant readAt,
                  Map<String, Boolean> publishedHeaders) {

        static KeySet of(List<LeaseKey> stored, Secrets secrets, Instant now) {
            LeaseKey newest = stored.stream().max(NEWEST)
                    .orElseThrow(() -> new IllegalStateException("no lease signing key"));
            JWKSet published = new JWKSet(stored.stream().map(k -> parse(k.kid(), k.publicJwk())).toList());
            JWK signing = parse(newest.kid(), open(newest, secrets));
            try {
                return signing instanceof OctetKeyPair ed25519
                        ? new KeySet(Ed25519.signer(ed25519), JWSAlgorithm.EdDSA, newest.kid(), published, now, new ConcurrentHashMap<>())
                        : new KeySet(new ECDSASigner(signing.toECKey()), JWSAlgorithm.ES256, newest.kid(), published, now, new ConcurrentHashMap<>());
            } catch (JOSEException | IllegalArgumentException e) {
                throw new IllegalStateException("stored lease key " + newest.kid() + " is unreadable", e);
            }
        }

        /** Whether a lease (compact JWS) names a key of this set. */
        boolean published(String lease) {
            int dot = lease.indexOf('.');
            if (dot <= 0) {
                return false;
            }
            return publishedHeaders.computeIfAbsent(lease.substring(0, dot), header -> {
                try {
                    String kid = JWSHeader.parse(new Base64URL(header)).getKeyID();
                    return kid != null && publicKeys.getKeyByKeyId(kid) != null;
                } catch (ParseException e) {
                    return false;
                }
            });
        }
    }

    private static final Comparator<LeaseKey> NEWEST = Comparator.comparing(LeaseKey::createdAt).thenComparing(LeaseKey::kid);

    private static String open(LeaseKey key, Secrets secrets) {
        try {
            return secrets.open(key.sealedPrivateJwk(), key.context());
        } catch (SecretCipher.CannotOpenException e) {
            throw secrets.anotherKey("the lease signing key " + key.kid());
        }
    }

    /**
     * How long a lease lasts: {@code asl.lease.grace}, but never past the moment the sweep could release the
     * seat of an instance that stops heartbeating now ({@code asl.heartbeat.timeout} and its release, {@link Releases}):
     * a seat is never released while a lease issued for it may still be valid.
     */
    public Duration lifetime(Long networkId) {
        Duration grace = config.leaseGrace();
        Duration untilRelease = config.heartbeatTimeout().plus(releases.releaseAfter(networkId));
        return grace.compareTo(untilRelease) <= 0 ? grace : untilRelease;
    }

    /**
     * Whether a stored lease is due for renewal: when less than its lifetime minus a tenth (at most a day) is left, when
     * more than its lifetime is left (its network's release was shortened), or when its key was retired (it no longer verifies with the published keys). A heartbeat otherwise hands the stored
     * lease out again, without signing.
     */
    public boolean due(String lease, Instant leaseExpiresAt, Long networkId, Instant now) {
        if (lease == null || leaseExpiresAt == null || !keySet(now).published(lease)) {
            return true;
        }
        Duration lifetime = lifetime(networkId);
        Duration slack = lifetime.dividedBy(10).compareTo(Duration.ofDays(1)) < 0 ? lifetime.dividedBy(10) : Duration.ofDays(1);
        // too long as well: the appliance's network releases seats sooner now, and no lease may outlive its seat
        return leaseExpiresAt.isBefore(now.plus(lifetime).minus(slack)) || leaseExpiresAt.isAfter(now.plus(lifetime).plusSeconds(1));
    }

    public Lease sign(Instance instance, Instant now) {
        Lease lease = sign(instance.id(), instance.mac(), instance.licenseType(), instance.networkId(), now);
        instance.leased(lease.jws(), lease.expiresAt());
        return lease;
    }

    public Lease sign(String instanceId, String mac, String licenseType, Long networkId, Instant now) {
        Instant expiresAt = Instant.ofEpochSecond(now.plus(lifetime(networkId)).getEpochSecond());
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
        LeaseKey key = newKey(now, secrets);
        em.persist(key);
        em.flush();
        cache = null;
        return key.kid();
    }

    /**
     * Retires a key (in the caller's transaction): its row, private key and all, is deleted, so it leaves the published
     * set and signs nothing more; leases it signed are renewed at their next heartbeat ({@link #due}). When it is the
     * key that signs (the newest), a new key is added first: the server is never left without one.
     * @return the kid of the key added, if one was
     * @throws UnknownLeaseKeyException when no key has that kid
     */
    public Optional<String> retire(String kid, Instant now) {
        List<LeaseKey> stored = em.createQuery("SELECT k FROM LeaseKey k", LeaseKey.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        LeaseKey retired = stored.stream().filter(k -> k.kid().equals(kid)).findFirst()
                .orElseThrow(() -> new UnknownLeaseKeyException(kid));
        LeaseKey newest = stored.stream().max(NEWEST).orElseThrow();
        Optional<String> added = Optional.empty();
        if (newest == retired) {
            Instant after = retired.createdAt().isBefore(now) ? now : retired.createdAt().plusNanos(1000);
            added = Optional.of(addKey(after));
        }
        em.remove(retired);
        em.flush();
        cache = null;
        return added;
    }

    /** A new Ed25519 lease key pair with a random kid, its private half sealed. */
    static LeaseKey newKey(Instant now, Secrets secrets) {
        OctetKeyPair key = new OctetKeyPair.Builder(Ed25519.generate()).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.EdDSA).build();
        return new LeaseKey(key.getKeyID(), secrets.seal(key.toJSONString(), LeaseKey.context(key.getKeyID())),
                key.toPublicJWK().toJSONString(), now);
    }

    /**
     * Start: private keys an earlier build stored in clear are sealed now, every stored key must open with this node's
     * secrets key (else the start stops, naming the setting), and a first start adds the first key (a second node
     * starting at once may add another; both verify).
     */
    @Transactional
    void firstKey(@Observes Starting starting) {
        List<LeaseKey> stored = em.createQuery("SELECT k FROM LeaseKey k", LeaseKey.class).getResultList();
        for (LeaseKey key : stored) {
            String privateJwk = open(key, secrets);
            if (!SecretCipher.isSealed(key.sealedPrivateJwk())) {
                key.sealed(secrets.seal(privateJwk, key.context()));
                LOG.info(() -> "Lease signing key " + key.kid() + " stored in clear by an earlier build: encrypted with the secrets key.");
            }
        }
        em.flush();
        if (stored.isEmpty()) {
            addKey(Instant.now());
        }
        cache = null;
    }

    public boolean hasKey() {
        return !em.createQuery("SELECT k.kid FROM LeaseKey k", String.class).setMaxResults(1).getResultList().isEmpty();
    }

    private KeySet keySet(Instant now) {
        KeySet set = cache;
        if (set != null && !now.isBefore(set.readAt()) && Duration.between(set.readAt(), now).toMillis() < REFRESH_MILLIS) {
            return set;
        }
        set = KeySet.of(em.createQuery("SELECT k FROM LeaseKey k", LeaseKey.class).getResultList(), secrets, now);
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
