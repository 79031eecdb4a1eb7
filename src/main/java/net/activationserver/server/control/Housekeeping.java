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

    @Schedule(minute = "*", hour = "*", persistent = false)
    void everyMinute() {
        Instant now = Instant.now();
        try {
            nonces.forgetExpired(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Housekeeping failed this minute: {0}", e.toString());
        }
        // asynchronous: every observer is called even when another fails, each in a transaction of its own
        upkeep.fireAsync(new Upkeep(now)).exceptionally(failure -> {
            LOG.log(Level.WARNING, "Upkeep failed this minute: {0}", failure.toString());
            return null;
        });
    }
}
