package net.activationserver.server.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Values shared by all nodes, kept in the database (server id, demo keys). Runs in the caller's transaction. A secret
 * (the demo's appliance key) is stored sealed with the secrets key ({@link Secrets}), the row's name as associated data.
 */
@ApplicationScoped
public class Settings {

    /** The demo profile's appliance key: a secret, stored sealed. */
    public static final String DEMO_APPLIANCE_KEY = "demo.appliance-key";
    /** The console secret key earlier demo profiles kept here in clear; the secrets key replaces it, so it is deleted. */
    static final String OLD_DEMO_CONSOLE_KEY = "demo.console-secret-key";
    private static final Logger LOG = Logger.getLogger(Settings.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Secrets secrets;

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

    /** A secret setting, opened; a value an earlier build stored in clear is sealed now. */
    public Optional<String> secret(String name) {
        return get(name).map(stored -> {
            if (!SecretCipher.isSealed(stored)) {
                put(name, secrets.seal(stored, context(name)));
                return stored;
            }
            try {
                return secrets.open(stored, context(name));
            } catch (SecretCipher.CannotOpenException e) {
                throw secrets.anotherKey("the setting " + name);
            }
        });
    }

    /** {@link #getOrCreate} for a secret: stored sealed, returned opened. */
    public String getOrCreateSecret(String name, Supplier<String> maker) {
        return secret(name).orElseGet(() -> {
            getOrCreate(name, () -> secrets.seal(maker.get(), context(name)));
            return secret(name).orElseThrow();
        });
    }

    /**
     * At start, before anything reads them: secrets earlier builds kept here in clear are sealed (the demo appliance key)
     * or deleted (the demo console key, which the secrets key replaces).
     */
    public void sealStored() {
        secret(DEMO_APPLIANCE_KEY);
        if (remove(OLD_DEMO_CONSOLE_KEY)) {
            LOG.info("Deleted the demo console secret key kept in the database by an earlier build: the secrets key"
                    + " (asl.secrets.key) encrypts access passwords now; those stored before must be entered again.");
        }
    }

    /** Deletes a setting; whether there was one. */
    public boolean remove(String name) {
        return em.createNativeQuery("DELETE FROM setting WHERE name = ?1").setParameter(1, name).executeUpdate() > 0;
    }

    private static String context(String name) {
        return "setting:" + name;
    }

    public void put(String name, String value) {
        em.createNativeQuery("INSERT INTO setting (name, value, updated_at) VALUES (?1, ?2, ?3) ON DUPLICATE KEY UPDATE value = ?2, updated_at = ?3")
                .setParameter(1, name)
                .setParameter(2, value)
                .setParameter(3, Timestamp.from(Instant.now()))
                .executeUpdate();
    }
}
