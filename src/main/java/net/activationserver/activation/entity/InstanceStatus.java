package net.activationserver.activation.entity;

public enum InstanceStatus {
    /** Holds a seat and heartbeats. */
    ACTIVE,
    /** Holds a seat but has missed its heartbeats. */
    STALE,
    /** Its seat was released after staying STALE too long. */
    RELEASED,
    /** Deregistered by the appliance (Kill) or an admin. */
    DEREGISTERED;

    public boolean holdsSeat() {
        return this == ACTIVE || this == STALE;
    }
}
