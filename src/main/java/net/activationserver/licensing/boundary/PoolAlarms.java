package net.activationserver.licensing.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import net.activationserver.licensing.control.PoolAlerts;

/** The pool watch's transaction ({@link PoolWatch}): pool levels and license files' ends, reported once each. */
@Stateless
@PermitAll
public class PoolAlarms {

    @Inject
    PoolAlerts alerts;

    /** @return how many changes were reported */
    public int check(Instant now) {
        return alerts.levels(now) + alerts.expiries(now);
    }
}
