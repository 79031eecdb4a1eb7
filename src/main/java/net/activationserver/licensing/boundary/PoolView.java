package net.activationserver.licensing.boundary;

import java.util.List;

/** The whole pool: the global limit and every type, with seats in use. */
public record PoolView(int instanceLimit, int instancesInUse, List<LicenseTypeView> types) {
}
