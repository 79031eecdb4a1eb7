package net.activationserver.server.entity;

import java.time.Instant;

/** An admin changed what appliances are told to use; any part may be unset (null). Fired inside the change's transaction. */
public record ApplianceAccessChanged(Instant at, Actor by, String address, Integer port, String hostname) {
}
