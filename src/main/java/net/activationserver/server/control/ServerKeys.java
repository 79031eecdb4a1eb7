package net.activationserver.server.control;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/** What start-up resolved for the server itself: the appliance key (configured, or the demo profile's; never logged) and the server id. */
@ApplicationScoped
public class ServerKeys {

    private volatile byte[] applianceKey;
    private volatile String serverId;

    public void resolved(String applianceKey, String serverId) {
        this.applianceKey = applianceKey.getBytes(StandardCharsets.UTF_8);
        this.serverId = serverId;
    }

    public byte[] applianceKey() {
        if (applianceKey == null) {
            throw new IllegalStateException("the server has not finished starting");
        }
        return applianceKey;
    }

    /** The server's id, the {@code iss} of its leases: the same on every node of one installation. */
    public String serverId() {
        return serverId;
    }
}
