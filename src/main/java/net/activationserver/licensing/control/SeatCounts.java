package net.activationserver.licensing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seats in use, per pool: the one definition. Each pool's count is split over {@value #SHARDS} rows of
 * {@code seat_count} (V7), changed with every claim and release in the same transaction, so it always equals the pool's
 * seat rows held. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class SeatCounts {

    /** Rows each pool's count of seats in use is split over (V7). */
    static final int SHARDS = 16;

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    /** Seats of the pool in use: the sum of its {@code seat_count} shards (V7), kept with every claim and release. */
    public int used(String pool) {
        return used(List.of(pool)).getOrDefault(pool, 0);
    }

    /** {@link #used(String)} of several pools in one query; a pool without a count is missing. */
    public Map<String, Integer> used(Collection<String> pools) {
        Map<String, Integer> used = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT pool, SUM(used) FROM seat_count WHERE pool IN (?1) GROUP BY pool")
                .setParameter(1, pools)
                .getResultList()) {
            Object[] cells = (Object[]) row;
            used.put((String) cells[0], ((Number) cells[1]).intValue());
        }
        return used;
    }

    /**
     * Adds to the counts of the pools in one statement, each on a random shard, so concurrent claims rarely wait for
     * one row; the pools in name order, so two transactions taking the same count rows take them in the same order.
     */
    public void count(Map<String, Integer> deltas) {
        List<Map.Entry<String, Integer>> rows = new TreeMap<>(deltas).entrySet().stream().toList();
        Query insert = em.createNativeQuery("INSERT INTO seat_count (pool, shard, used) VALUES "
                + String.join(", ", Collections.nCopies(rows.size(), "(?, ?, ?)"))
                + " ON DUPLICATE KEY UPDATE used = used + VALUES(used)");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int p = 1;
        for (Map.Entry<String, Integer> row : rows) {
            insert.setParameter(p++, row.getKey()).setParameter(p++, random.nextInt(SHARDS)).setParameter(p++, row.getValue());
        }
        insert.executeUpdate();
    }

    /** {@link #used(String)} of every pool that has a count. */
    public Map<String, Integer> used() {
        Map<String, Integer> used = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT pool, SUM(used) FROM seat_count GROUP BY pool").getResultList()) {
            Object[] cells = (Object[]) row;
            used.put((String) cells[0], ((Number) cells[1]).intValue());
        }
        return used;
    }
}
