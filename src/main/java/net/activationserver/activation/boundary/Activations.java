package net.activationserver.activation.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import net.activationserver.activation.control.HeartbeatWriter;
import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.activation.control.Leases;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.activation.entity.StaleFlag;
import net.activationserver.api.ApplianceProof;
import net.activationserver.api.AslException;
import net.activationserver.api.ConflictException;
import net.activationserver.api.NotAnApplianceException;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.audit.entity.Actor;
import net.activationserver.licensing.boundary.EntitlementView;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.licensing.control.Pool;
import net.activationserver.licensing.entity.LicenseType;
import net.activationserver.metering.control.UsageLog;
import net.activationserver.network.control.DefaultNetwork;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.DataSourceConfig;
import net.activationserver.server.control.Nonces;
import net.activationserver.server.control.Node;
import net.activationserver.server.control.ServerMetrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * The activation facade, the transaction boundary of every appliance call and of admin deregistration.
 * Each method is one transaction: seats, the instance and its audit lines change together or not at all.
 */
@Stateless
public class Activations {

    private static final Logger LOG = Logger.getLogger(Activations.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Pool pool;

    @Inject
    Leases leases;

    @Inject
    AuditLog audit;

    @Inject
    ServerMetrics metrics;

    @Inject
    UsageLog usage;

    @Inject
    HeartbeatWriter heartbeats;

    @Inject
    Nonces nonces;

    @Resource
    SessionContext context;

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource database;

    @Inject
    DefaultNetwork defaultNetwork;

    @Inject
    Licensing licensing;

    /**
     * Activates an appliance: a new seat for a new MAC (201), or the held seat for a MAC that already has one (200),
     * relicensed when it asks for another type. The nonce is written first, in the same transaction.
     */
    public ActivationResult activate(ActivationRequest request, ApplianceProof.Verified proof) {
        if (!nonces.registerInTransaction(proof.nonce(), proof.nonceExpiresAt())) {
            throw new NotAnApplianceException("nonce was already used");
        }
        Instant now = now();
        LicenseType type = pool.offered(request.licenseType(), request.platform());
        String token = InstanceTokens.newToken();
        List<Instance> holding = em.createNamedQuery(Instance.BY_SEAT_MAC, Instance.class)
                .setParameter("mac", request.mac().value())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (!holding.isEmpty()) {
            Instance instance = holding.get(0);
            if (!instance.licenseType().equals(type.code())) {
                relicense(instance, type, Actor.appliance(instance.id()), now);
            }
            unflag(instance);
            instance.reactivate(request.platform(), request.hostname(), request.build(), InstanceTokens.hash(token), now);
            audit.record(now, Actor.appliance(instance.id()), instance.id(), "ASL instance re-activated with ASL License "
                    + instance.licenseType() + " (MAC " + instance.mac() + " already holds a seat). Current activations is "
                    + pool.used(instance.licenseType()));
            return result(instance, token, false, now);
        }
        // a new appliance joins the default network by itself (All Networks)
        Instance instance = new Instance(request.mac(), request.platform(), request.hostname(), request.build(), type.code(),
                InstanceTokens.hash(token), defaultNetwork.id(), now);
        Leases.Lease lease = leases.sign(instance, now); // before the insert, which then carries it (no second write)
        em.persist(instance);
        try {
            em.flush();
        } catch (PersistenceException sameMacAtOnce) {
            throw new SameMacRaceException(request.mac().value());
        }
        int current = pool.take(instance.id(), type);
        usage.started(instance.id(), type.code(), now);
        audit.record(now, Actor.appliance(instance.id()), instance.id(), AuditLog.activating(type.code(), current));
        metrics.activated(type.code());
        LOG.info(() -> "Activated instance " + instance.id() + " (MAC " + instance.mac() + ") with " + type.code());
        return result(instance, token, true, lease);
    }

    /** One activation call of a batch ({@link #activateAll}). */
    public record Call(ActivationRequest request, ApplianceProof.Verified proof) {
    }

    /** What became of a call: its result, or the refusal to throw in its place. */
    public record Outcome(ActivationResult result, RuntimeException refusal) {
        static Outcome refused(RuntimeException refusal) {
            return new Outcome(null, refusal);
        }

        /** @return the result, or throws the refusal */
        public ActivationResult get() {
            if (refusal != null) {
                throw refusal;
            }
            return result;
        }
    }

    /**
     * Activates a batch of appliances new to the pool in one transaction ({@link ActivationBatches}): what
     * {@link #activate} does for one, in set-based statements, each call answered as it would have been alone. The seats
     * are locked per type for the whole batch ({@link Pool#lock}), then the instances, the nonces of the calls answered
     * here (a refused call's too), their seats, usage intervals and audit lines are written in a few multi-row
     * statements, and the whole batch commits once.
     * <p>
     * A call whose MAC already holds a seat, or appears twice in the batch, or whose answer only a lone claim can tell
     * ({@link Pool.Answer#ALONE}), is not decided here (its outcome is null): the caller runs it alone. If a MAC of the
     * batch was activated meanwhile by another transaction, or one of its nonces written, the whole batch rolls back
     * ({@link BatchConflictException}) and the caller runs each call alone.
     * @return per call, in order, its outcome or null
     */
    public List<Outcome> activateAll(List<Call> calls) {
        Instant now = now();
        int n = calls.size();
        Outcome[] outcomes = new Outcome[n];
        Set<String> seen = nonces.seen(calls.stream().map(call -> call.proof().nonce()).toList());
        Map<String, Instant> fresh = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ApplianceProof.Verified proof = calls.get(i).proof();
            if (seen.contains(proof.nonce()) || fresh.putIfAbsent(proof.nonce(), proof.nonceExpiresAt()) != null) {
                outcomes[i] = Outcome.refused(new NotAnApplianceException("nonce was already used"));
            }
        }
        Map<String, LicenseType> types = pool.types(calls.stream().map(call -> call.request().licenseType()).toList());
        LicenseType[] asked = new LicenseType[n];
        for (int i = 0; i < n; i++) {
            ActivationRequest request = calls.get(i).request();
            if (outcomes[i] == null) {
                try {
                    asked[i] = Pool.offered(types, request.licenseType(), request.platform());
                } catch (AslException refused) {
                    outcomes[i] = Outcome.refused(refused);
                }
            }
        }
        // a MAC that holds a seat is a re-activation, which runs alone; so does the second call of one MAC
        List<String> macs = IntStream.range(0, n).filter(i -> asked[i] != null)
                .mapToObj(i -> calls.get(i).request().mac().value()).toList();
        Set<String> taken = new HashSet<>(macs.isEmpty() ? List.of()
                : em.createQuery("SELECT i.seatMac FROM Instance i WHERE i.seatMac IN :macs", String.class)
                        .setParameter("macs", macs).getResultList());
        List<Integer> claiming = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (asked[i] != null && taken.add(calls.get(i).request().mac().value())) {
                claiming.add(i);
            } else if (asked[i] != null) {
                fresh.remove(calls.get(i).proof().nonce()); // it runs alone, and writes its nonce then
            }
        }
        Pool.Grant grant = pool.lock(claiming.stream().map(i -> asked[i]).toList(), types.get(LicenseType.INSTANCE_LIMIT));
        List<String> instanceIds = new ArrayList<>();
        Map<String, String> started = new LinkedHashMap<>();
        Instance[] created = new Instance[n];
        Leases.Lease[] leased = new Leases.Lease[n];
        String[] tokens = new String[n];
        for (int c = 0; c < claiming.size(); c++) {
            int i = claiming.get(c);
            Pool.Answer answer = grant.answer(c);
            if (answer != Pool.Answer.GRANTED) {
                if (answer == Pool.Answer.ALONE) {
                    fresh.remove(calls.get(i).proof().nonce());
                } else {
                    outcomes[i] = Outcome.refused(grant.refusal(c));
                }
                instanceIds.add(null);
                continue;
            }
            ActivationRequest request = calls.get(i).request();
            tokens[i] = InstanceTokens.newToken();
            created[i] = new Instance(request.mac(), request.platform(), request.hostname(), request.build(), asked[i].code(),
                    InstanceTokens.hash(tokens[i]), defaultNetwork.id(), now);
            leased[i] = leases.sign(created[i], now);
            em.persist(created[i]);
            instanceIds.add(created[i].id());
            started.put(created[i].id(), asked[i].code());
        }
        // the nonces of the calls answered here, refused ones too (those that go alone write theirs then)
        if (!fresh.isEmpty() && !nonces.registerAllInTransaction(fresh)) {
            throw new BatchConflictException("A nonce of the batch was written meanwhile.");
        }
        if (started.isEmpty()) {
            return Arrays.asList(outcomes);
        }
        try {
            em.flush(); // one JDBC batch
        } catch (PersistenceException sameMacAtOnce) {
            throw new BatchConflictException("A MAC of the batch was activated meanwhile.");
        }
        Map<String, Integer> used = new HashMap<>(pool.take(grant, instanceIds));
        usage.startedAll(started, now);
        // each line counts the seats of its type in use after its own activation, as one after the other would have
        AuditLog.Line[] lines = new AuditLog.Line[n];
        for (int c = claiming.size() - 1; c >= 0; c--) {
            int i = claiming.get(c);
            if (created[i] != null) {
                String code = asked[i].code();
                lines[i] = new AuditLog.Line(Actor.appliance(created[i].id()), created[i].id(),
                        AuditLog.activating(code, used.merge(code, -1, Integer::sum) + 1));
            }
        }
        audit.recordAll(now, Arrays.stream(lines).filter(Objects::nonNull).toList());
        for (int i = 0; i < n; i++) {
            Instance instance = created[i];
            if (instance != null) {
                metrics.activated(instance.licenseType());
                LOG.info(() -> "Activated instance " + instance.id() + " (MAC " + instance.mac() + ") with " + instance.licenseType());
                outcomes[i] = new Outcome(result(instance, tokens[i], true, leased[i]), null);
            }
        }
        return Arrays.asList(outcomes);
    }

    /**
     * A heartbeat: one primary-key read, no transaction. An ACTIVE instance whose stored lease is not due for renewal
     * ({@link Leases#due}) is answered from that read and its heartbeat written with the node's next batch
     * ({@link HeartbeatWriter}); otherwise (a STALE instance resuming, a lease to renew) {@link #heartbeatNow} writes
     * before answering.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public HeartbeatResult heartbeat(String instanceId, String token, String build, ApplianceProof.Verified proof) {
        Instant now = now();
        String tokenHash = token == null ? null : InstanceTokens.hash(token);
        Instance.Beat beat = beat(instanceId, proof.nonce());
        // the nonce, looked up in the same read, before anything else is decided
        if (!nonces.rememberDeferred(proof.nonce(), proof.nonceExpiresAt(), beat.nonceSeen())) {
            throw new NotAnApplianceException("nonce was already used");
        }
        checked(beat, instanceId, token, tokenHash);
        if (beat.status() != InstanceStatus.ACTIVE || Leases.due(beat.leaseExpiresAt(), now)) {
            return context.getBusinessObject(Activations.class).heartbeatNow(instanceId, token, build);
        }
        heartbeats.record(instanceId, now, build);
        metrics.heartbeat();
        return new HeartbeatResult(InstanceStatus.ACTIVE.name(), beat.lease(), beat.leaseExpiresAt().toString(),
                AslConfig.heartbeatInterval().toSeconds());
    }

    /**
     * A heartbeat written before it is answered: a primary-key read, then one single-row update that only succeeds if
     * the instance is still ACTIVE and, unless it was read STALE, not flagged (so a concurrent deregistration or sweep is
     * never overwritten). A STALE one then resumes by deleting its flag: whichever heartbeat deletes it, on any node,
     * writes the one audit line.
     */
    public HeartbeatResult heartbeatNow(String instanceId, String token, String build) {
        Instant now = now();
        String tokenHash = token == null ? null : InstanceTokens.hash(token);
        for (int attempt = 0; attempt < 3; attempt++) {
            Instance.Beat beat = checked(beat(instanceId, null), instanceId, token, tokenHash);
            Leases.Lease lease = Leases.due(beat.leaseExpiresAt(), now)
                    ? leases.sign(instanceId, beat.mac(), beat.licenseType(), now)
                    : new Leases.Lease(beat.lease(), beat.leaseExpiresAt());
            boolean renewed = !lease.jws().equals(beat.lease());
            boolean stale = beat.status() == InstanceStatus.STALE;
            jakarta.persistence.Query update = em.createNamedQuery(renewed ? Instance.HEARTBEAT_RENEWED : Instance.HEARTBEAT)
                    .setParameter("now", now)
                    .setParameter("build", build)
                    .setParameter("id", instanceId)
                    .setParameter("stale", stale);
            if (renewed) {
                update.setParameter("lease", lease.jws()).setParameter("leaseExpiresAt", lease.expiresAt());
            }
            int updated = update.executeUpdate();
            if (updated == 1) {
                // the flag after the row, in the order every transition takes them (no deadlock with the sweep); only
                // the heartbeat that deletes it resumed the instance (another one may have done it meanwhile)
                if (stale && unflag(instanceId) == 1) {
                    audit.record(now, Actor.appliance(instanceId), instanceId,
                            "ASL instance resumed: heartbeat received after it was flagged STALE; status ACTIVE");
                }
                metrics.heartbeat();
                return new HeartbeatResult(InstanceStatus.ACTIVE.name(), lease.jws(), lease.expiresAt().toString(),
                        AslConfig.heartbeatInterval().toSeconds());
            }
            // the status changed between the read and the update (a sweep or a deregistration): read again
        }
        throw new ConflictException("The instance changed concurrently; repeat the heartbeat.");
    }

    /** One primary-key read with plain JDBC: the hot path of every heartbeat, no query to build or parse. */
    private Optional<Instance.Beat> readBeat(String instanceId, String nonce) {
        try (Connection connection = database.getConnection(); PreparedStatement read = connection.prepareStatement(Instance.HEARTBEAT_READ)) {
            read.setString(1, nonce);
            read.setString(2, instanceId);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.of(Instance.Beat.of(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("Reading instance " + instanceId + " failed", e);
        }
    }

    /** What a heartbeat needs of the instance, read by primary key; an unknown id is refused. */
    private Instance.Beat beat(String instanceId, String nonce) {
        return readBeat(requireUuid(instanceId), nonce).orElseThrow(() -> new UnknownInstanceException(instanceId));
    }

    /** Refuses a wrong token and a freed seat. */
    private static Instance.Beat checked(Instance.Beat beat, String instanceId, String token, String tokenHash) {
        if (token == null) {
            throw new BadInstanceTokenException(instanceId, "no bearer token");
        }
        if (!beat.tokenMatches(tokenHash)) {
            throw new BadInstanceTokenException(instanceId, "the bearer token does not match");
        }
        if (!beat.status().holdsSeat()) {
            throw new DeregisteredException(instanceId, beat.status());
        }
        return beat;
    }

    public ActivationResult changeLicense(String instanceId, String token, String licenseType) {
        Instant now = now();
        Instance instance = authorized(instanceId, token);
        instance.requireSeat();
        LicenseType type = pool.offered(licenseType, instance.platform());
        if (!instance.licenseType().equals(type.code())) {
            relicense(instance, type, Actor.appliance(instance.id()), now);
        }
        return result(instance, null, false, now);
    }

    /** The appliance's own "Kill LoadMaster". */
    public void kill(String instanceId, String token) {
        Instant now = now();
        Instance instance = authorized(instanceId, token);
        end(instance, InstanceStatus.DEREGISTERED, Actor.appliance(instance.id()), "deregistered by the appliance (Kill LoadMaster)", now);
    }

    /** Deregistration from the server side; the appliance gets 410 at its next call. */
    public void deregister(String instanceId, Actor admin) {
        Instant now = now();
        Instance instance = find(instanceId);
        end(instance, InstanceStatus.DEREGISTERED, admin, "deregistered by " + admin.name(), now);
    }

    /**
     * A vendor license file the appliance carries joins the pool while the appliance lives (client-contributed license,
     * see {@link Licensing#contribute}); it leaves when the instance ends ({@link #end}) or falls silent.
     */
    public EntitlementView contribute(String instanceId, String token, String licenseFile) {
        Instant now = now();
        Instance instance = authorized(instanceId, token);
        instance.requireSeat();
        return licensing.contribute(licenseFile, instance.id(), "appliance " + instance.mac()
                + (instance.hostname() == null ? "" : " (" + instance.hostname() + ")"), now);
    }

    public InstanceView instance(String instanceId) {
        return InstanceView.of(find(instanceId));
    }

    /** One page of instances, most recent heartbeat first, and the cursor of the next page (null on the last). */
    public record InstancePage(List<InstanceView> instances, String next) {
    }

    /**
     * Instances, most recent heartbeat first, optionally of one status, license type or MAC. Keyset paging on
     * (last heartbeat, id): every page is an index range read, however deep, at any number of instances.
     */
    public InstancePage instances(InstanceStatus status, String licenseType, String mac, PageCursor after, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT i FROM Instance i WHERE ").append(where(status, licenseType, mac));
        if (after != null) jpql.append(" AND (i.lastHeartbeatAt < :at OR (i.lastHeartbeatAt = :at AND i.id < :id))");
        TypedQuery<Instance> query = em.createQuery(jpql.append(" ORDER BY i.lastHeartbeatAt DESC, i.id DESC").toString(), Instance.class);
        bind(query, status, licenseType, mac);
        if (after != null) query.setParameter("at", after.lastHeartbeatAt()).setParameter("id", after.id());
        List<Instance> rows = query.setMaxResults(limit + 1).getResultList();
        boolean more = rows.size() > limit;
        List<Instance> page = more ? rows.subList(0, limit) : rows;
        String next = more ? PageCursor.of(page.get(limit - 1).lastHeartbeatAt(), page.get(limit - 1).id()).encode() : null;
        return new InstancePage(page.stream().map(InstanceView::of).toList(), next);
    }

    /**
     * The console's lazy table: one page by offset, most recent heartbeat first, with the same optional filters as
     * {@link #instances}; each filter combination reads one of the (status | license type | MAC, last heartbeat) indexes.
     */
    public List<InstanceView> instancesAt(InstanceStatus status, String licenseType, String mac, int first, int limit) {
        return instancesAt(status, licenseType, mac, null, false, first, limit);
    }

    /**
     * {@link #instancesAt(InstanceStatus, String, String, int, int)} sorted by one of the whitelisted orders (null: most
     * recent heartbeat first), in the database, on an index ending in the id.
     */
    public List<InstanceView> instancesAt(InstanceStatus status, String licenseType, String mac, InstanceSort sort, boolean ascending,
                                          int first, int limit) {
        String order = sort == null ? InstanceSort.DEFAULT_ORDER : sort.orderBy(ascending);
        TypedQuery<Instance> query = em.createQuery("SELECT i FROM Instance i WHERE " + where(status, licenseType, mac)
                + " ORDER BY " + order, Instance.class);
        bind(query, status, licenseType, mac);
        return query.setFirstResult(first).setMaxResults(limit).getResultList().stream().map(InstanceView::of).toList();
    }

    /** How many instances {@link #instancesAt} pages through. */
    public long countInstances(InstanceStatus status, String licenseType, String mac) {
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(i) FROM Instance i WHERE " + where(status, licenseType, mac), Long.class);
        bind(query, status, licenseType, mac);
        return query.getSingleResult();
    }

    /** Instances by status, for the dashboard (every status present, zero where none). */
    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (InstanceStatus status : InstanceStatus.values()) {
            counts.put(status.name(), 0L);
        }
        for (Object[] row : em.createQuery("SELECT i.status, COUNT(i) FROM Instance i GROUP BY i.status", Object[].class).getResultList()) {
            counts.put(((InstanceStatus) row[0]).name(), (Long) row[1]);
        }
        long stale = em.createQuery("SELECT COUNT(f) FROM StaleFlag f, Instance i WHERE i.id = f.instanceId AND i.status = :active", Long.class)
                .setParameter("active", InstanceStatus.ACTIVE).getSingleResult();
        counts.put(InstanceStatus.ACTIVE.name(), counts.get(InstanceStatus.ACTIVE.name()) - stale);
        counts.put(InstanceStatus.STALE.name(), stale);
        return counts;
    }

    /**
     * The filters. STALE is ACTIVE and flagged ({@link StaleFlag}): the status index still finds the candidates, and the
     * flag is one primary-key lookup per row.
     */
    private static String where(InstanceStatus status, String licenseType, String mac) {
        StringBuilder where = new StringBuilder("1 = 1");
        if (status == InstanceStatus.STALE) where.append(" AND i.status = :status AND ").append(StaleFlag.FLAGGED);
        else if (status == InstanceStatus.ACTIVE) where.append(" AND i.status = :status AND NOT ").append(StaleFlag.FLAGGED);
        else if (status != null) where.append(" AND i.status = :status");
        if (licenseType != null) where.append(" AND i.licenseType = :type");
        if (mac != null) where.append(" AND i.mac = :mac");
        return where.toString();
    }

    private static void bind(TypedQuery<?> query, InstanceStatus status, String licenseType, String mac) {
        if (status != null) query.setParameter("status", status == InstanceStatus.STALE ? InstanceStatus.ACTIVE : status);
        if (licenseType != null) query.setParameter("type", licenseType);
        if (mac != null) query.setParameter("mac", mac);
    }

    /**
     * Flags ACTIVE instances silent for {@code asl.heartbeat.timeout} as STALE: a narrow row each in
     * {@code instance_stale} (V8), after their audit lines. Only heartbeats from the previous sweep's cutoff
     * ({@code sweep_mark}) to this one's are read: every instance silent for longer was flagged by then, or has
     * heartbeated since. Each sweep locks the mark first, so sweeps on several nodes take turns, and each reads the rows
     * with exclusive locks from the (status, last heartbeat) index: a row is flagged and gets its audit line exactly once.
     * @return how many instances were flagged
     */
    public int flagStale(Instant now) {
        Duration timeout = AslConfig.heartbeatTimeout();
        Timestamp silentSince = Timestamp.from(now.minus(timeout));
        // as text, as stored (UTC), so that it is bound back as it is and the index range has both ends
        String from = (String) em.createNativeQuery("SELECT COALESCE(CAST(swept_before AS CHAR), '1970-01-01 00:00:00')"
                + " FROM sweep_mark WHERE name = 'stale' FOR UPDATE").getSingleResult();
        String due = " FROM instance i WHERE i.status = 'ACTIVE' AND i.last_heartbeat_at >= :from AND i.last_heartbeat_at < :cutoff"
                + " AND NOT EXISTS (SELECT 1 FROM instance_stale f WHERE f.instance_id = i.id)";
        int audited = em.createNativeQuery("INSERT INTO audit_event (at, actor_kind, actor, node, instance_id, message)"
                        + " SELECT :now, 'SYSTEM', 'system', :node, i.id, CONCAT('ASL instance expired: no heartbeat since ',"
                        + " DATE_FORMAT(i.last_heartbeat_at, '%Y-%m-%dT%H:%i:%sZ'), ' (timeout " + timeout + "); status STALE,"
                        + " seat kept until ', DATE_FORMAT(i.last_heartbeat_at + INTERVAL :keep SECOND, '%Y-%m-%dT%H:%i:%sZ'))"
                        + due + " FOR UPDATE")
                .setParameter("now", Timestamp.from(now))
                .setParameter("keep", timeout.plus(AslConfig.seatReleaseAfter()).getSeconds())
                .setParameter("cutoff", silentSince)
                .setParameter("from", from)
                .setParameter("node", Node.name())
                .executeUpdate();
        int flagged = audited == 0 ? 0 : em.createNativeQuery("INSERT INTO instance_stale (instance_id) SELECT i.id" + due)
                .setParameter("cutoff", silentSince)
                .setParameter("from", from)
                .executeUpdate();
        if (flagged != audited) { // cannot happen under the locks taken above; never commit lines that disagree
            throw new IllegalStateException("sweep flagged " + flagged + " instance(s) but wrote " + audited + " audit line(s)");
        }
        em.createNativeQuery("UPDATE sweep_mark SET swept_before = GREATEST(COALESCE(swept_before, :cutoff), :cutoff) WHERE name = 'stale'")
                .setParameter("cutoff", silentSince)
                .executeUpdate();
        if (flagged > 0) {
            LOG.info(() -> flagged + " instance(s) flagged STALE: no heartbeat for " + timeout);
        }
        return flagged;
    }

    /**
     * Releases the seats of instances STALE for {@code asl.seat.release-after} (status RELEASED; the appliance gets
     * 410 from then on) and deletes their flags. Bulk statements, exactly once per instance across nodes, like
     * {@link #flagStale}.
     * @return how many instances were released
     */
    public int releaseStale(Instant now) {
        Duration timeout = AslConfig.heartbeatTimeout();
        Duration releaseAfter = AslConfig.seatReleaseAfter();
        String sweep = UUID.randomUUID().toString();
        int released = em.createNativeQuery("UPDATE instance i SET i.status = 'RELEASED', i.seat_mac = NULL, i.network_id = NULL,"
                        + " i.ended_at = ?1, i.sweep_id = ?2 WHERE i.status = 'ACTIVE' AND i.last_heartbeat_at < ?3"
                        + " AND EXISTS (SELECT 1 FROM instance_stale f WHERE f.instance_id = i.id)")
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, sweep)
                .setParameter(3, Timestamp.from(now.minus(timeout).minus(releaseAfter)))
                .executeUpdate();
        if (released > 0) {
            em.createNativeQuery("DELETE f FROM instance_stale f JOIN instance i ON i.id = f.instance_id WHERE i.sweep_id = ?1")
                    .setParameter(1, sweep)
                    .executeUpdate();
            pool.releaseSwept(sweep);
            usage.endedBySweep(sweep, now);
            em.createNativeQuery("INSERT INTO audit_event (at, actor_kind, actor, node, instance_id, message)"
                            + " SELECT ?1, 'SYSTEM', 'system', ?4, id, CONCAT('ASL instance seat released: no heartbeat since ',"
                            + " DATE_FORMAT(last_heartbeat_at, '%Y-%m-%dT%H:%i:%sZ'), ', STALE since ',"
                            + " DATE_FORMAT(last_heartbeat_at + INTERVAL ?2 SECOND, '%Y-%m-%dT%H:%i:%sZ'),"
                            + " ' (release after " + releaseAfter + "); status RELEASED, ASL License ', license_type, ' seat free')"
                            + " FROM instance WHERE sweep_id = ?3")
                    .setParameter(1, Timestamp.from(now))
                    .setParameter(2, timeout.getSeconds())
                    .setParameter(3, sweep)
                    .setParameter(4, Node.name())
                    .executeUpdate();
            LOG.info(() -> released + " instance(s) released: STALE for " + releaseAfter);
        }
        return released;
    }

    public String addLeaseKey(Actor admin) {
        Instant now = now();
        String kid = leases.addKey(now);
        audit.record(now, admin, null, "Lease signing key " + kid + " added by " + admin.name());
        return kid;
    }

    private void relicense(Instance instance, LicenseType to, Actor actor, Instant now) {
        String from = instance.licenseType();
        int[] current = pool.change(instance.id(), from, to);
        instance.relicense(to.code());
        usage.ended(instance.id(), now);
        usage.started(instance.id(), to.code(), now);
        audit.record(now, actor, instance.id(), AuditLog.licenseChange(from, current[0]));
        audit.record(now, actor, instance.id(), AuditLog.activating(to.code(), current[1]));
        LOG.info(() -> "Instance " + instance.id() + " relicensed from " + from + " to " + to.code());
    }

    private void end(Instance instance, InstanceStatus status, Actor actor, String how, Instant now) {
        instance.requireSeat();
        unflag(instance);
        String type = instance.licenseType();
        instance.end(status, now);
        licensing.withdrawContributionsOf(instance.id(), "the instance was " + how, now);
        int current = pool.release(instance.id(), type);
        usage.ended(instance.id(), now);
        audit.record(now, actor, instance.id(), "ASL instance with ASL License " + type + " (MAC " + instance.mac() + ") "
                + how + ". Current activations is " + current);
        LOG.info(() -> "Instance " + instance.id() + " (MAC " + instance.mac() + ") " + how);
    }

    /** Deletes the instance's STALE flag, if it has one. */
    private void unflag(Instance instance) {
        if (instance.status() == InstanceStatus.STALE) {
            unflag(instance.id());
        }
    }

    /** @return whether a flag was deleted (1) or there was none (0) */
    private int unflag(String instanceId) {
        return em.createNativeQuery("DELETE FROM instance_stale WHERE instance_id = ?1").setParameter(1, instanceId).executeUpdate();
    }

    private Instance authorized(String instanceId, String token) {
        Instance instance = find(instanceId);
        if (token == null) {
            throw new BadInstanceTokenException(instanceId, "no bearer token");
        }
        if (!instance.tokenMatches(InstanceTokens.hash(token))) {
            throw new BadInstanceTokenException(instanceId, "the bearer token does not match");
        }
        return instance;
    }

    private static String requireUuid(String instanceId) {
        if (!isUuid(instanceId)) {
            throw new UnknownInstanceException(instanceId);
        }
        return instanceId;
    }

    private Instance find(String instanceId) {
        requireUuid(instanceId);
        Instance instance = em.find(Instance.class, instanceId, LockModeType.PESSIMISTIC_WRITE);
        if (instance == null) {
            throw new UnknownInstanceException(instanceId);
        }
        return instance;
    }

    private static boolean isUuid(String text) {
        try {
            return text != null && text.length() == 36 && UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private ActivationResult result(Instance instance, String token, boolean created, Instant now) {
        return result(instance, token, created, leases.sign(instance, now));
    }

    private static ActivationResult result(Instance instance, String token, boolean created, Leases.Lease lease) {
        return new ActivationResult(instance.id(), token, instance.licenseType(), instance.status().name(), lease.jws(),
                lease.expiresAt().toString(), AslConfig.heartbeatInterval().toSeconds(), created);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
