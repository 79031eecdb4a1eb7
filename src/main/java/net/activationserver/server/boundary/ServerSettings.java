package net.activationserver.server.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Node;
import net.activationserver.server.control.Settings;
import net.activationserver.server.entity.ApplianceAccessChanged;

import java.time.Instant;
import java.util.logging.Logger;

/**
 * The server's own settings the console shows and changes (Settings / About): the address, port and host name
 * appliances are to be given (the seed's "Set address", "Set port", "Set Hostname"), kept in the database for every node.
 */
@Stateless
@PermitAll
public class ServerSettings {

    static final String ADDRESS = "console.appliance.address";
    static final String PORT = "console.appliance.port";
    static final String HOSTNAME = "console.appliance.hostname";
    private static final Logger LOG = Logger.getLogger(ServerSettings.class.getName());

    @Inject
    Settings settings;

    @Inject
    Event<ApplianceAccessChanged> changed;

    @Inject
    Node node;

    @Inject
    AslConfig config;

    /** What appliances are told to use; any part may be unset (null). */
    public record ApplianceAccess(String address, Integer port, String hostname) {
    }

    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public ApplianceAccess applianceAccess() {
        return new ApplianceAccess(stored(ADDRESS), stored(PORT) == null ? null : Integer.valueOf(stored(PORT)), stored(HOSTNAME));
    }

    @RolesAllowed(Roles.ADMIN)
    public void setApplianceAccess(ApplianceAccess access, Actor by) {
        put(ADDRESS, access.address());
        put(PORT, access.port() == null ? null : access.port().toString());
        put(HOSTNAME, access.hostname());
        changed.fire(new ApplianceAccessChanged(Instant.now(), by, access.address(), access.port(), access.hostname()));
        LOG.info(() -> "Appliance access settings changed by " + by.name());
    }

    /** {@code asl.alerts.threshold-percent}: the share of a type's seats (or of the instance limit) in use from which operators are warned. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public int alertThresholdPercent() {
        return config.alertThresholdPercent();
    }

    public String nodeName() {
        return node.name();
    }

    private String stored(String name) {
        return settings.get(name).filter(value -> !value.isEmpty()).orElse(null);
    }

    private void put(String name, String value) {
        settings.put(name, value == null ? "" : value);
    }
}
