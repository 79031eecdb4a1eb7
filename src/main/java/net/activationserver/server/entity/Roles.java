package net.activationserver.server.entity;

/**
 * The roles the facades allow ({@code @RolesAllowed}): an admin account changes things, a viewer account only reads.
 * The container knows the caller's role from the admin sign-in (console session or the admin API's HTTP Basic).
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
