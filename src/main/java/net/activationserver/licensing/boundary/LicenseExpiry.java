package net.activationserver.licensing.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Every minute on every node (idempotent): shrinks the pool when a license file has expired. */
@Singleton
public class LicenseExpiry {

    private static final Logger LOG = Logger.getLogger(LicenseExpiry.class.getName());

    @Inject
    Licensing licensing;

    @Schedule(minute = "*", hour = "*", persistent = false)
    void everyMinute() {
        try {
            if (licensing.refreshIfExpired()) {
                LOG.info("A license file expired; the pool was rebuilt from the remaining files.");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The license expiry check failed this minute: {0}", e.toString());
        }
    }
}
