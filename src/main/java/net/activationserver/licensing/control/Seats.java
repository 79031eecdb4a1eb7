package net.activationserver.licensing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The seat rows of the pool: one row per seat of a type, and per instance of the global limit (pool '*').
 * Runs inside the caller's transaction.
 *
 * <p>A claim takes any free row with {@code FOR UPDATE SKIP LOCKED}: concurrent claims on any number of
 * nodes lock distinct rows and never wait on one another, and since the rows are the capacity, no
 * interleaving can hand out more seats than exist. Rows numbered above a shrunken capacity are
 * "overage": they are never free, and a freed seat within capacity is handed to an overage holder first.
 *
 * <p>Free rows are found by a plain read and only then locked, each by its primary key. A locking range scan
 * would also lock the first index entry past its range and keep it to the end of the transaction, and with
 * {@code SKIP LOCKED} every further scan that finds that one locked steps on to the next: a burst of claims on a
 * full pool would lock the free seats of the pool that follows it in the index, and a claim there would be
 * refused though seats were free (see docs/DECISIONS.md).
 */
@ApplicationScoped
public class Seats {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    SeatCounts counts;

    /**
     * Locks up to {@code wanted} free rows of the pool, for claims the caller then {@linkplain #assign(Map)
     * assigns}: the first free ones from a random slot on, then from the first slot. Starting anywhere spreads concurrent
     * claims over the pool instead of queueing them at its first free rows, where InnoDB also keeps the just-claimed
     * rows' old index entries until it purges them, which every claim starting at the front would have to step over.
     * @return the slots locked, fewer than wanted when no more are free or all others are locked by other claims
     */
    public List<Integer> lockFree(String pool, int capacity, int wanted) {
        return lockFreePast(pool, capacity, wanted, List.of());
    }

    /** {@link #lockFree(String, int, int)} past the rows this transaction has locked already ({@code held}). */
    private List<Integer> lockFreePast(String pool, int capacity, int wanted, Collection<Integer> held) {
        int from = capacity > 1 ? ThreadLocalRandom.current().nextInt(1, capacity + 1) : 1;
        List<Integer> slots = lockFreeBetween(pool, from, Integer.MAX_VALUE, wanted, held);
        if (slots.size() < wanted && from > 1) {
            slots.addAll(lockFreeBetween(pool, 1, from, wanted - slots.size(), held));
        }
        return slots;
    }

    /**
     * Whether the pool has a free seat within its capacity that this transaction could not lock: another claim holds
     * it, and may yet give it up (its activation refused for another pool, or rolled back). A claim that came up short
     * only because of such seats cannot tell its answer yet. READ COMMITTED: the plain read sees the latest commit.
     * @param held the pool's rows this transaction has locked (free still, until assigned)
     */
    public boolean contended(String pool, int capacity, Collection<Integer> held) {
        return !em.createNativeQuery("SELECT slot FROM seat WHERE pool = ?1 AND instance_id IS NULL AND slot <= ?2 AND slot NOT IN (?3) LIMIT 1")
                .setParameter(1, pool)
                .setParameter(2, capacity)
                .setParameter(3, held.isEmpty() ? List.of(0) : held) // slots count from 1
                .getResultList().isEmpty();
    }

    /**
     * {@link #lockFree(String, int, int)} of several pools, in two statements for all of them when nothing gets in the
     * way: one read of each pool's first free rows from a random slot on (as many as wanted), one lock of those rows by
     * primary key, {@code SKIP LOCKED}. A pool where fewer were locked (another claim held some of them, or too few were
     * free after its random slot) goes on by itself, past the rows it holds.
     * @param wanted per pool, how many rows
     * @param capacities per pool, its capacity
     * @return per pool, the slots locked
     */
    public Map<String, List<Integer>> lockFreeOfEach(Map<String, Integer> wanted, Map<String, Integer> capacities) {
        List<String> pools = new ArrayList<>(new TreeMap<>(wanted).keySet());
        Map<String, List<Integer>> locked = new HashMap<>();
        if (pools.size() == 1) {
            String pool = pools.get(0);
            locked.put(pool, lockFree(pool, capacities.get(pool), wanted.get(pool)));
            return locked;
        }
        StringBuilder read = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (String pool : pools) {
            int capacity = capacities.get(pool);
            read.append(read.length() == 0 ? "" : " UNION ALL ")
                    .append("(SELECT pool, slot FROM seat WHERE pool = ? AND instance_id IS NULL AND slot >= ? ORDER BY slot LIMIT ")
                    .append(wanted.get(pool)).append(')');
            parameters.add(pool);
            parameters.add(capacity > 1 ? ThreadLocalRandom.current().nextInt(1, capacity + 1) : 1);
        }
        Map<String, List<Integer>> candidates = bySlot(rows(read.toString(), parameters));
        if (!candidates.isEmpty()) {
            StringBuilder lock = new StringBuilder("SELECT pool, slot FROM seat FORCE INDEX (PRIMARY) WHERE instance_id IS NULL AND (");
            parameters.clear();
            keys(candidates, lock, parameters);
            locked.putAll(bySlot(rows(lock.append(") FOR UPDATE SKIP LOCKED").toString(), parameters)));
        }
        for (String pool : pools) {
            List<Integer> held = locked.computeIfAbsent(pool, p -> new ArrayList<>());
            if (held.size() < wanted.get(pool)) {
                held.addAll(lockFreePast(pool, capacities.get(pool), wanted.get(pool) - held.size(), held));
            }
        }
        return locked;
    }

    /** {@code (pool = ? AND slot IN (?, ...)) OR ...} of the rows, per pool, with their parameters. */
    private static void keys(Map<String, List<Integer>> rows, StringBuilder sql, List<Object> parameters) {
        boolean first = true;
        for (Map.Entry<String, List<Integer>> pool : new TreeMap<>(rows).entrySet()) {
            sql.append(first ? "" : " OR ").append("(pool = ? AND slot IN (")
                    .append(String.join(", ", Collections.nCopies(pool.getValue().size(), "?"))).append("))");
            parameters.add(pool.getKey());
            parameters.addAll(pool.getValue());
            first = false;
        }
    }

    private List<Object[]> rows(String sql, List<Object> parameters) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return ((List<?>) query.getResultList()).stream().map(row -> (Object[]) row).toList();
    }

    /** Rows of (pool, slot) as slots per pool, in the order read. */
    private static Map<String, List<Integer>> bySlot(List<Object[]> rows) {
        Map<String, List<Integer>> slots = new HashMap<>();
        for (Object[] row : rows) {
            slots.computeIfAbsent((String) row[0], pool -> new ArrayList<>()).add(((Number) row[1]).intValue());
        }
        return slots;
    }

    /**
     * Assigns locked rows of several pools to their instances in one statement.
     * @param rows per pool, per slot, the instance that takes it
     */
    public void assign(Map<String, Map<Integer, String>> rows) {
        StringBuilder sql = new StringBuilder("UPDATE seat SET instance_id = CASE");
        List<Object> parameters = new ArrayList<>();
        Map<String, List<Integer>> keys = new HashMap<>();
        rows.forEach((pool, slots) -> slots.forEach((slot, instanceId) -> {
            sql.append(" WHEN pool = ? AND slot = ? THEN ?");
            parameters.addAll(List.of(pool, slot, instanceId));
            keys.computeIfAbsent(pool, p -> new ArrayList<>()).add(slot);
        }));
        sql.append(" END WHERE ");
        keys(keys, sql, parameters);
        Query update = em.createNativeQuery(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            update.setParameter(i + 1, parameters.get(i));
        }
        int expected = rows.values().stream().mapToInt(Map::size).sum();
        int assigned = update.executeUpdate();
        if (assigned != expected) { // the rows are this transaction's, locked: never commit a claim half written
            throw new IllegalStateException(assigned + " seat rows assigned of " + expected);
        }
    }

    /** Free rows read at once beyond those wanted, before locking the ones another claim has not locked. */
    private static final int CANDIDATES = 16;

    /**
     * Locks up to {@code wanted} free rows of the pool numbered from {@code fromSlot} up to (not including)
     * {@code toSlot}: reads free ones without locking, then locks those still free and not locked by another claim, by
     * primary key, so nothing but those rows is locked; when too few could be locked, goes on after them.
     */
    private List<Integer> lockFreeBetween(String pool, int fromSlot, int toSlot, int wanted, Collection<Integer> held) {
        List<Integer> locked = new ArrayList<>();
        int read = wanted + CANDIDATES - 1 + held.size();
        int next = fromSlot;
        while (locked.size() < wanted) {
            List<Integer> candidates = slots(em.createNativeQuery("SELECT slot FROM seat WHERE pool = ?1 AND instance_id IS NULL"
                            + " AND slot >= ?2 AND slot < ?3 ORDER BY slot LIMIT " + read)
                    .setParameter(1, pool)
                    .setParameter(2, next)
                    .setParameter(3, toSlot));
            List<Integer> others = candidates.stream().filter(slot -> !held.contains(slot)).toList(); // ours are free too
            if (!others.isEmpty()) {
                lockByKey(pool, others, "instance_id IS NULL ORDER BY slot", wanted - locked.size())
                        .forEach(row -> locked.add(((Number) row[0]).intValue()));
            }
            if (candidates.size() < read) {
                break;
            }
            next = candidates.get(candidates.size() - 1) + 1;
        }
        return locked;
    }

    /** {@link #lockByKey} of at most one row. @return its slot and instance, or null */
    private Object[] lockFirst(String pool, List<Integer> slots, String conditionAndOrder) {
        List<Object[]> locked = lockByKey(pool, slots, conditionAndOrder, 1);
        return locked.isEmpty() ? null : locked.get(0);
    }

    /**
     * Locks, up to {@code limit}, those of the pool's given rows that meet the condition and that no other transaction
     * holds, each looked up by its key, so that no row but these is locked. @return their slots and instances
     */
    private List<Object[]> lockByKey(String pool, List<Integer> slots, String conditionAndOrder, int limit) {
        return ((List<?>) em.createNativeQuery("SELECT slot, instance_id FROM seat FORCE INDEX (PRIMARY) WHERE pool = ?1 AND slot IN (?2) AND "
                        + conditionAndOrder + " LIMIT " + limit + " FOR UPDATE SKIP LOCKED")
                .setParameter(1, pool)
                .setParameter(2, slots)
                .getResultList()).stream().map(row -> (Object[]) row).toList();
    }

    /**
     * Gives up the instance's seat of the pool, keeping the pool within its capacity, without taking it off the pool's
     * count: the caller counts it ({@link SeatCounts#count}) in the same transaction, with its other pools, in one statement.
     * @return whether the instance held a seat of the pool
     */
    public boolean releaseUncounted(String pool, String instanceId, int capacity) {
        List<?> held = em.createNativeQuery("SELECT slot FROM seat WHERE pool = ?1 AND instance_id = ?2 FOR UPDATE")
                .setParameter(1, pool)
                .setParameter(2, instanceId)
                .getResultList();
        if (held.isEmpty()) {
            return false;
        }
        int slot = ((Number) held.get(0)).intValue();
        if (slot > capacity) {
            delete(pool, slot);
            return true;
        }
        List<Integer> over = slots(em.createNativeQuery("SELECT slot FROM seat WHERE pool = ?1 AND slot > ?2 AND instance_id IS NOT NULL"
                        + " ORDER BY slot DESC LIMIT " + CANDIDATES)
                .setParameter(1, pool)
                .setParameter(2, capacity));
        Object[] overRow = over.isEmpty() ? null : lockFirst(pool, over, "instance_id IS NOT NULL ORDER BY slot DESC");
        String next = null;
        if (overRow != null) {
            delete(pool, ((Number) overRow[0]).intValue());
            next = (String) overRow[1];
        }
        assign(pool, slot, next);
        return true;
    }

    /** Moves the instance's seat from one pool to another; false (nothing changed) when the target has none free. */
    public boolean move(String from, String to, String instanceId, int fromCapacity, int toCapacity) {
        List<Integer> slot = lockFree(to, toCapacity, 1);
        if (slot.isEmpty()) {
            return false;
        }
        assign(to, slot.get(0), instanceId);
        Map<String, Integer> deltas = new HashMap<>(Map.of(to, 1));
        if (releaseUncounted(from, instanceId, fromCapacity)) {
            deltas.merge(from, -1, Integer::sum);
        }
        counts.count(deltas);
        return true;
    }

    /** Rows above a new capacity handled per round of {@link #resize}. */
    private static final int RESIZE_CHUNK = 1000;

    /**
     * Sets the pool's capacity (the caller holds the pool lock): adds missing rows, drops free rows above it,
     * and moves holders of rows above it into free rows within it while there are any. Like a claim, it reads rows
     * without locking and then locks them by key, so that activations of this and other pools going on meanwhile
     * find every free seat it does not drop.
     */
    public void resize(String pool, int capacity) {
        if (capacity > 0) {
            em.createNativeQuery("INSERT INTO seat (pool, slot) SELECT ?1, seq FROM seq_1_to_" + capacity
                            + " WHERE seq NOT IN (SELECT slot FROM seat WHERE pool = ?1)")
                    .setParameter(1, pool)
                    .executeUpdate();
        }
        int after = capacity;
        int freeAfter = 0;
        boolean room = true;
        while (true) {
            List<Integer> above = slots(em.createNativeQuery("SELECT slot FROM seat WHERE pool = ?1 AND slot > ?2 ORDER BY slot LIMIT " + RESIZE_CHUNK)
                    .setParameter(1, pool)
                    .setParameter(2, after));
            if (above.isEmpty()) {
                return;
            }
            after = above.get(above.size() - 1);
            em.createNativeQuery("DELETE FROM seat WHERE pool = ?1 AND slot IN (?2) AND instance_id IS NULL")
                    .setParameter(1, pool)
                    .setParameter(2, above)
                    .executeUpdate();
            if (!room) {
                continue;
            }
            List<?> over = em.createNativeQuery("SELECT slot, instance_id FROM seat FORCE INDEX (PRIMARY) WHERE pool = ?1 AND slot IN (?2)"
                            + " ORDER BY slot FOR UPDATE")
                    .setParameter(1, pool)
                    .setParameter(2, above)
                    .getResultList();
            if (over.isEmpty()) {
                continue;
            }
            List<Integer> candidates = slots(em.createNativeQuery("SELECT slot FROM seat WHERE pool = ?1 AND slot > ?2 AND slot <= ?3"
                            + " AND instance_id IS NULL ORDER BY slot LIMIT " + over.size())
                    .setParameter(1, pool)
                    .setParameter(2, freeAfter)
                    .setParameter(3, capacity));
            List<Integer> free = candidates.isEmpty() ? List.of() : lockByKey(pool, candidates, "instance_id IS NULL ORDER BY slot",
                    candidates.size()).stream().map(row -> ((Number) row[0]).intValue()).toList();
            for (int i = 0; i < free.size(); i++) {
                Object[] row = (Object[]) over.get(i);
                delete(pool, ((Number) row[0]).intValue());
                assign(pool, free.get(i), (String) row[1]);
            }
            room = candidates.size() == over.size();
            freeAfter = candidates.isEmpty() ? freeAfter : candidates.get(candidates.size() - 1);
        }
    }

    private static List<Integer> slots(Query query) {
        return ((List<?>) query.getResultList()).stream().map(slot -> ((Number) slot).intValue()).toList();
    }

    private void assign(String pool, int slot, String instanceId) {
        em.createNativeQuery("UPDATE seat SET instance_id = ?1 WHERE pool = ?2 AND slot = ?3")
                .setParameter(1, instanceId)
                .setParameter(2, pool)
                .setParameter(3, slot)
                .executeUpdate();
    }

    private void delete(String pool, int slot) {
        em.createNativeQuery("DELETE FROM seat WHERE pool = ?1 AND slot = ?2")
                .setParameter(1, pool)
                .setParameter(2, slot)
                .executeUpdate();
    }
}
