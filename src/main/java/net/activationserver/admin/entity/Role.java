package net.activationserver.admin.entity;

public enum Role {
    /** Everything. */
    ADMIN,
    /** Sees everything, changes nothing. */
    VIEWER
}
