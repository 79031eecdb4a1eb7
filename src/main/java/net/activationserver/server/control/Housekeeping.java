package net.activationserver.server.control;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import net.activationserver.licensing.boundary.Licensing;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Minute-by-minute upkeep on every node (idempotent, so nodes running it at once is harmless):
 * forgets nonces past their window and shrinks the pool when a license file has expired.
 */
@Singleton
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Inject
    Nonces nonces;

    @Inject
    Licensing licensing;

    @Schedule(minute = "*", hour = "*", persistent = false)
    void everyMinute() {
        try {
            nonces.forgetExpired(Instant.now());
            if (licensing.refreshIfExpired()) {
                LOG.info("A license file expired; the pool was rebuilt from the remaining files.");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Housekeeping failed this minute: {0}", e.toString());
        }
    }
}
