package net.activationserver.server.control;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import net.activationserver.server.entity.Upkeep;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Minute-by-minute upkeep on every node (idempotent, so nodes running it at once is harmless): forgets nonces past their
 * window, then tells the components ({@link Upkeep}) to do theirs.
 */
@Singleton
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Inject
    Nonces nonces;

    @Inject
    Event<Upkeep> upkeep;

    /** Expired nonces deleted per transaction (a minute's may be a million). */
    static final int NONCE_CHUNK = 10_000;
    /** Transactions of expired nonces a minute at most, so that the minute's run ends within it. */
    static final int NONCE_CHUNKS_A_MINUTE = 200;

    @Schedule(minute = "*", hour = "*", persistent = false)
    @jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.NOT_SUPPORTED)
    void everyMinute() {
        Instant now = Instant.now();
        try {
            // each chunk in a transaction of its own; a node that meets another node's delete of the same rows (Galera)
            // leaves the rest to the next minute
            for (int chunk = 0; chunk < NONCE_CHUNKS_A_MINUTE; chunk++) {
                if (nonces.forgetExpired(now, NONCE_CHUNK) < NONCE_CHUNK) {
                    break; // none left
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Retries.metConflict(e) ? Level.FINE : Level.WARNING, "Housekeeping failed this minute: {0}", e.toString());
        }
        // asynchronous: every observer is called even when another fails, each in a transaction of its own
        upkeep.fireAsync(new Upkeep(now)).exceptionally(failure -> {
            LOG.log(Level.WARNING, "Upkeep failed this minute: {0}", failure.toString());
            return null;
        });
    }
}
