package net.activationserver.server.boundary;

/** A server node as the console and the admin API list it; {@code status} is UP or DOWN, {@code self} the node that answered. */
public record NodeView(String name, String address, String version, String startedAt, String lastSeenAt, String status, boolean self) {

    public boolean up() {
        return "UP".equals(status);
    }
}
