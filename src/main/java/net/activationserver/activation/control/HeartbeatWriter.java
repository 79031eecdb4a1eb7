package net.activationserver.activation.control;

import jakarta.annotation.PostConstruct;
import net.activationserver.server.control.ServerMetrics;
import jakarta.inject.Inject;
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
import net.activationserver.activation.entity.SweepMark;
import net.activationserver.server.control.Retries;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the heartbeats of ACTIVE instances behind their answers: each node keeps the latest heartbeat per instance
 * and writes them all every {@value #FLUSH_MILLIS} ms in one transaction (one UPDATE by primary key for up to
 * {@value #ROWS_PER_STATEMENT} instances), so an appliance's heartbeat never waits for a disk write and the database
 * commits ten times a second whatever the number of appliances.
 * <p>
 * Nothing a heartbeat decides depends on the write: the answer (ACTIVE, the stored lease) comes from the row read by
 * the heartbeat itself; a heartbeat that changes the status (a STALE instance resuming) or renews the lease is written
 * before it is answered, so a lease is never handed out that the database does not know of. The write only moves
 * {@code last_heartbeat_at} forward ({@code GREATEST}, several nodes write the same instance) and only while the
 * instance is still ACTIVE and not STALE (never over a deregistration or a sweep; the statement reads the sweep's mark with a shared lock). A node that dies loses at most its last
 * {@value #FLUSH_MILLIS} ms of heartbeats: the appliances' next ones make up for it.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class HeartbeatWriter {

    static final long FLUSH_MILLIS = 100;
    /** Instances per UPDATE statement of a flush. */
    static final int ROWS_PER_STATEMENT = 500;
    /**
     * Instances per transaction of a flush: a million appliances send about 1,700 heartbeats per flush across the
     * nodes, and a Galera cluster applies each transaction's write set as one (docs/DECISIONS.md, "Galera").
     */
    static final int ROWS_PER_TRANSACTION = 2_000;
    private static final Logger LOG = Logger.getLogger(HeartbeatWriter.class.getName());

    /** The latest unwritten heartbeat of one instance. */
    public record Beat(Instant at, String build) {
    }

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    SessionContext context;

    private final Map<String, Beat> unwritten = new ConcurrentHashMap<>();
    private ScheduledFuture<?> flushing;

    @Inject
    ServerMetrics metrics;

    @PostConstruct
    void start() {
        metrics.heartbeatsUnwritten(unwritten::size);
        flushing = scheduler.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        flushing.cancel(false);
        flush();
    }

    /** Queues the heartbeat of an ACTIVE instance for the next batch. */
    public void record(String instanceId, Instant at, String build) {
        unwritten.merge(instanceId, new Beat(at, build), (old, beat) -> new Beat(beat.at(), beat.build() != null ? beat.build() : old.build()));
    }

    /** Writes what is queued now (the expiry sweep calls it first, so this node's heartbeats are in before it looks). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void flush() {
        if (unwritten.isEmpty()) {
            return;
        }
        java.util.TreeMap<String, Beat> all = new java.util.TreeMap<>(unwritten); // in key order: writers on any node lock rows alike
        HeartbeatWriter self = context.getBusinessObject(HeartbeatWriter.class);
        while (!all.isEmpty()) {
            Map<String, Beat> batch = new java.util.TreeMap<>();
            while (batch.size() < ROWS_PER_TRANSACTION && !all.isEmpty()) {
                Map.Entry<String, Beat> beat = all.pollFirstEntry();
                batch.put(beat.getKey(), beat.getValue());
            }
            try {
                self.write(batch);
                batch.forEach(unwritten::remove);
            } catch (RuntimeException e) {
                // another node wrote some of these rows at the same moment (Galera), or the database is away: the next
                // flush writes them, with whatever came in meanwhile
                LOG.log(Retries.metConflict(e) ? Level.FINE : Level.WARNING, "Writing {0} heartbeat(s) failed; retrying with the next batch: {1}",
                        new Object[] {batch.size() + all.size(), e.toString()});
                return;
            }
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void write(Map<String, Beat> batch) {
        List<Map.Entry<String, Beat>> beats = List.copyOf(batch.entrySet());
        em.unwrap(Session.class).doWork(connection -> {
            for (int from = 0; from < beats.size(); from += ROWS_PER_STATEMENT) {
                List<Map.Entry<String, Beat>> rows = beats.subList(from, Math.min(beats.size(), from + ROWS_PER_STATEMENT));
                try (PreparedStatement update = connection.prepareStatement(update(rows.size()))) {
                    int p = 1;
                    for (Map.Entry<String, Beat> beat : rows) {
                        update.setString(p++, beat.getKey());
                        update.setObject(p++, LocalDateTime.ofInstant(beat.getValue().at(), ZoneOffset.UTC)); // stored as UTC
                    }
                    for (Map.Entry<String, Beat> beat : rows) {
                        update.setString(p++, beat.getKey());
                        update.setString(p++, beat.getValue().build());
                    }
                    for (Map.Entry<String, Beat> beat : rows) {
                        update.setString(p++, beat.getKey());
                    }
                    update.executeUpdate();
                }
            }
        });
    }

    /**
     * One UPDATE of {@code rows} instances by primary key, each with its own heartbeat and build: one round trip for
     * them all (a batch of single-row statements waits for one round trip per row, which under load is most of a
     * flush). The primary-key range locks the rows in key order, as on every node.
     */
    static String update(int rows) {
        String cases = String.join(" ", Collections.nCopies(rows, "WHEN ? THEN ?"));
        return "UPDATE instance SET last_heartbeat_at = GREATEST(last_heartbeat_at, CAST(CASE id " + cases + " END AS DATETIME(6))),"
                + " build = COALESCE(CASE id " + cases + " END, build), version = version + 1"
                + " WHERE id IN (" + String.join(", ", Collections.nCopies(rows, "?")) + ") AND status = 'ACTIVE'"
                + " AND NOT " + SweepMark.flagged("instance");
    }
}
