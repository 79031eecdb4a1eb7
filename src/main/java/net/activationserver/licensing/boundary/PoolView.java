package net.activationserver.licensing.boundary;

import java.util.List;

/**
 * The whole pool: the global limit and every type, with seats in use. {@code overage} lists where more seats are in use
 * than the pool now holds (after a file was removed, expired, or a contributing appliance left): those appliances keep
 * their seats, and no new activation of that type (or, for the instance limit "*", of any type) is granted until the pool
 * is in balance again.
 */
public record PoolView(int instanceLimit, int instancesInUse, List<LicenseTypeView> types, List<Overage> overage) {

    /** More seats in use than the pool holds: {@code code} is a license type, or "*" for the instance limit. */
    public record Overage(String code, int seats, int used, int over) {
    }

    public boolean inBalance() {
        return overage.isEmpty();
    }
}
