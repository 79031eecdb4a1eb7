package net.activationserver.server.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Values shared by all nodes, kept in the database (server id, demo keys). Runs in the caller's transaction. */
@ApplicationScoped
public class Settings {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    public Optional<String> get(String name) {
        List<?> rows = em.createNativeQuery("SELECT value FROM setting WHERE name = ?1").setParameter(1, name).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0));
    }

    /**
     * The stored value, or the made one when there was none. Safe when several nodes start at once:
     * the first insert wins and every node returns the winner's value.
     */
    public String getOrCreate(String name, Supplier<String> maker) {
        return get(name).orElseGet(() -> {
            em.createNativeQuery("INSERT IGNORE INTO setting (name, value, updated_at) VALUES (?1, ?2, ?3)")
                    .setParameter(1, name)
                    .setParameter(2, maker.get())
                    .setParameter(3, Timestamp.from(Instant.now()))
                    .executeUpdate();
            return get(name).orElseThrow();
        });
    }

    public void put(String name, String value) {
        em.createNativeQuery("INSERT INTO setting (name, value, updated_at) VALUES (?1, ?2, ?3) ON DUPLICATE KEY UPDATE value = ?2, updated_at = ?3")
                .setParameter(1, name)
                .setParameter(2, value)
                .setParameter(3, Timestamp.from(Instant.now()))
                .executeUpdate();
    }
}
