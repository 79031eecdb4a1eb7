package net.activationserver.activation.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import net.activationserver.activation.control.LockedInstances;
import net.activationserver.activation.entity.Instance;
import net.activationserver.licensing.boundary.EntitlementView;
import net.activationserver.licensing.boundary.Licensing;

import java.time.Instant;

/** The facade of license files appliances contribute to the pool. */
@Stateless
@PermitAll
public class Contributions {

    @Inject
    LockedInstances instances;

    @Inject
    Licensing licensing;

    /**
     * A vendor license file the appliance carries joins the pool while the appliance lives (client-contributed license,
     * see {@link Licensing#contribute}); it leaves when the instance ends ({@link Deregistrations}) or falls silent.
     */
    public EntitlementView contribute(String instanceId, String token, String licenseFile) {
        Instant now = LockedInstances.now();
        Instance instance = instances.authorized(instanceId, token);
        instance.requireSeat();
        return licensing.contribute(licenseFile, instance.id(), "appliance " + instance.mac()
                + (instance.hostname() == null ? "" : " (" + instance.hostname() + ")"), now);
    }
}
