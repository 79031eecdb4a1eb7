package net.activationserver.server.control;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Minute-by-minute upkeep on every node (idempotent, so nodes running it at once is harmless): forgets nonces past their window. */
@Singleton
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Inject
    Nonces nonces;

    @Schedule(minute = "*", hour = "*", persistent = false)
    void everyMinute() {
        try {
            nonces.forgetExpired(Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Housekeeping failed this minute: {0}", e.toString());
        }
    }
}
