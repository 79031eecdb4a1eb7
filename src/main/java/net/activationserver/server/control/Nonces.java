package net.activationserver.server.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Appliance request nonces, shared by all nodes through the database, so a replay is refused on any of them.
 * <p>
 * Calls that change state write their nonce before they run ({@link #register}) or in their own transaction
 * ({@link #registerInTransaction}). Heartbeats ({@link #rememberDeferred}) only read: the nonce is looked up in the table
 * (in the heartbeat's own read of its instance) and in this node's not yet written ones, and written with the next
 * batch (every {@value #FLUSH_MILLIS} ms, one transaction for all), so a heartbeat never waits for a disk write of
 * its nonce. A copy of one heartbeat reaching two nodes within that batch delay is the only replay not refused; it
 * could at most refresh a live appliance's last heartbeat (docs/DECISIONS.md).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Nonces {

    /**
     * SQL for a component's own read that must also learn, in the same round trip, whether a request's nonce (the
     * statement's next positional parameter) is already in the shared nonce table.
     */
    public static final String SEEN = "EXISTS (SELECT 1 FROM nonce WHERE value = ?)";

    static final long FLUSH_MILLIS = 100;
    /** Nonces per INSERT statement of a batch: one round trip for many. */
    static final int ROWS_PER_STATEMENT = 500;
    private static final Logger LOG = Logger.getLogger(Nonces.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    SessionContext context;

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource database;

    /** A nonce seen on this node; its identity tells one request's nonce from a replay of it. */
    private record Seen(Instant expiresAt) {
    }

    private record Written(Seen seen, long atNanos) {
    }

    /** Nonces seen on this node and not yet in the table. */
    private final Map<String, Seen> unwritten = new ConcurrentHashMap<>();
    /** Nonces this node wrote in the last second: a replay racing with the write of its original still finds it here. */
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private ScheduledFuture<?> flushing;

    @PostConstruct
    void start() {
        flushing = scheduler.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        flushing.cancel(false);
        flushQuietly();
    }

    /**
     * Records the nonce now (autocommit: durable before the call runs, whatever becomes of the call).
     * @return false when the nonce was already seen within its window
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean register(String nonce, Instant expiresAt) {
        if (seenOnThisNode(nonce)) {
            return false;
        }
        try (Connection connection = database.getConnection()) {
            boolean inserted = insertOne(connection, nonce, expiresAt);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return inserted;
        } catch (SQLException e) {
            throw new PersistenceException("Recording a nonce failed", e);
        }
    }

    /**
     * Records the nonce in the caller's transaction, for a {@link net.activationserver.api.NonceInTransaction} call: it
     * commits with the call. A concurrent replay's insert waits for this transaction and then finds the row.
     * @return false when the nonce was already seen within its window
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public boolean registerInTransaction(String nonce, Instant expiresAt) {
        if (seenOnThisNode(nonce)) {
            return false;
        }
        return em.unwrap(Session.class).doReturningWork(connection -> insertOne(connection, nonce, expiresAt));
    }

    /**
     * Of these nonces, the ones already seen: in the shared table (written by any node) or among this node's heartbeat
     * nonces not yet written. For a batch of {@link net.activationserver.api.NonceInTransaction} calls, which then
     * {@linkplain #registerAllInTransaction register} the others.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public Set<String> seen(Collection<String> nonces) {
        Set<String> seen = new HashSet<>();
        nonces.stream().filter(this::seenOnThisNode).forEach(seen::add);
        em.createNativeQuery("SELECT value FROM nonce WHERE value IN (?1)").setParameter(1, nonces).getResultList()
                .forEach(value -> seen.add((String) value));
        return seen;
    }

    /**
     * Records the nonces in the caller's transaction, in one statement ({@link #registerInTransaction} of many).
     * @return false when any of them was already there (written meanwhile by another call): the caller rolls back
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public boolean registerAllInTransaction(Map<String, Instant> nonces) {
        Map<String, Instant> rows = new TreeMap<>(nonces); // key order, as every writer
        return em.unwrap(Session.class).doReturningWork(connection -> insertAll(connection, List.copyOf(rows.entrySet()))) == rows.size();
    }

    /** Inserts the nonce on that connection (INSERT IGNORE: any node may hold it already). @return whether it was new */
    private static boolean insertOne(Connection connection, String nonce, Instant expiresAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT IGNORE INTO nonce (value, expires_at) VALUES (?, ?)")) {
            insert.setString(1, nonce);
            insert.setObject(2, LocalDateTime.ofInstant(expiresAt, ZoneOffset.UTC)); // stored as UTC
            return insert.executeUpdate() == 1;
        }
    }

    /** Among this node's heartbeat nonces not yet written, or written within the last second. */
    private boolean seenOnThisNode(String nonce) {
        return unwritten.containsKey(nonce) || written.containsKey(nonce);
    }

    /**
     * Takes the nonce of an {@link net.activationserver.api.Idempotent} call for the next batch, once the call has found
     * it absent from the table (in its own read, {@code seenInTable}). In this order, a replay is refused however it
     * interleaves with the batch that writes its original: the table first (written by any node), then this node's
     * unwritten nonces, then the ones it has just written. @return false when it was already seen within its window
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean rememberDeferred(String nonce, Instant expiresAt, boolean seenInTable) {
        if (seenInTable) {
            return false;
        }
        Seen mine = new Seen(expiresAt);
        if (unwritten.putIfAbsent(nonce, mine) != null) {
            return false;
        }
        Written before = written.get(nonce);
        if (before != null && before.seen() != mine) {
            unwritten.remove(nonce, mine);
            return false;
        }
        return true;
    }

    /** Writes a batch of nonces in one transaction (INSERT IGNORE: another node may hold the same one), many per statement. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void write(Map<String, Instant> batch) {
        List<Map.Entry<String, Instant>> nonces = List.copyOf(batch.entrySet());
        em.unwrap(Session.class).doWork(connection -> {
            for (int from = 0; from < nonces.size(); from += ROWS_PER_STATEMENT) {
                insertAll(connection, nonces.subList(from, Math.min(nonces.size(), from + ROWS_PER_STATEMENT)));
            }
        });
    }

    /** Inserts the nonces in one statement (INSERT IGNORE: any node may hold some already). @return how many were new */
    private static int insertAll(Connection connection, List<Map.Entry<String, Instant>> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT IGNORE INTO nonce (value, expires_at) VALUES "
                + String.join(", ", Collections.nCopies(rows.size(), "(?, ?)")))) {
            int p = 1;
            for (Map.Entry<String, Instant> nonce : rows) {
                insert.setString(p++, nonce.getKey());
                insert.setObject(p++, LocalDateTime.ofInstant(nonce.getValue(), ZoneOffset.UTC)); // stored as UTC
            }
            return insert.executeUpdate();
        }
    }

    private void flushQuietly() {
        long now = System.nanoTime();
        written.values().removeIf(w -> now - w.atNanos() > TimeUnit.SECONDS.toNanos(1));
        if (unwritten.isEmpty()) {
            return;
        }
        Map<String, Seen> batch = new java.util.TreeMap<>(unwritten); // in key order: writers on any node lock rows alike
        try {
            Map<String, Instant> rows = new java.util.TreeMap<>(); // key order, as the batch
            batch.forEach((nonce, seen) -> rows.put(nonce, seen.expiresAt()));
            context.getBusinessObject(Nonces.class).write(rows);
            long at = System.nanoTime();
            batch.forEach((nonce, seen) -> {
                written.putIfAbsent(nonce, new Written(seen, at)); // before leaving unwritten, so it is always in one of them
                unwritten.remove(nonce, seen);
            });
        } catch (RuntimeException e) {
            LOG.log(Retries.metConflict(e) ? Level.FINE : Level.WARNING, "Writing {0} nonce(s) failed; retrying with the next batch: {1}",
                    new Object[] {batch.size(), e.toString()});
        }
    }

    /**
     * Deletes up to {@code chunk} nonces past their window, in the caller's transaction or one of its own: the caller
     * calls again while a whole chunk went (a million appliances leave about a million a minute, too many for one
     * Galera write set).
     * @return how many were deleted
     */
    public int forgetExpired(Instant now, int chunk) {
        return em.createNativeQuery("DELETE FROM nonce WHERE expires_at < ?1 ORDER BY expires_at LIMIT " + chunk)
                .setParameter(1, Timestamp.from(now))
                .executeUpdate();
    }
}
