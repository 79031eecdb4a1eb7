package net.activationserver.server.entity;

/** Who caused an audit event: an appliance (by instance id), an admin user, or the server itself. */
public record Actor(Kind kind, String name) {

    public enum Kind { APPLIANCE, ADMIN, SYSTEM }

    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "system");

    public static Actor appliance(String instanceId) {
        return new Actor(Kind.APPLIANCE, instanceId);
    }

    /** The admin the admin API authenticated for this request. */
    public static Actor admin(jakarta.ws.rs.core.SecurityContext security) {
        return admin(security.getUserPrincipal().getName());
    }

    public static Actor admin(String username) {
        return new Actor(Kind.ADMIN, username);
    }
}
