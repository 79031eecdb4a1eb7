package net.activationserver.server.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.sql.Timestamp;
import java.time.Instant;

/** Appliance request nonces, shared by all nodes through the database, so a replay is refused on any of them. */
@Stateless
public class Nonces {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    /** @return false when the nonce was already seen within its window */
    public boolean register(String nonce, Instant expiresAt) {
        return em.createNativeQuery("INSERT IGNORE INTO nonce (value, expires_at) VALUES (?1, ?2)")
                .setParameter(1, nonce)
                .setParameter(2, Timestamp.from(expiresAt))
                .executeUpdate() == 1;
    }

    public int forgetExpired(Instant now) {
        return em.createNativeQuery("DELETE FROM nonce WHERE expires_at < ?1")
                .setParameter(1, Timestamp.from(now))
                .executeUpdate();
    }
}
