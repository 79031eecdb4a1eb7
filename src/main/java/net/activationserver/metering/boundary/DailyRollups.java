package net.activationserver.metering.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.metering.control.Rollups;

/**
 * The MELA rollup timer, on every node every five minutes: writes the rollups of settled days that have none (normally
 * yesterday, once, shortly after asl.metering.rollup-after has passed). Nodes running it at once write the same
 * figures over each other (see {@link Rollups#write}); a run that fails is repeated by the next one.
 */
@Singleton
public class DailyRollups {

    private static final Logger LOG = Logger.getLogger(DailyRollups.class.getName());

    @Inject
    Metering metering;

    @Schedule(minute = "*/5", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void run() {
        try {
            metering.rollUpMissing();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MELA rollups failed; the next run (in five minutes) tries again: {0}", e.toString());
        }
    }
}
