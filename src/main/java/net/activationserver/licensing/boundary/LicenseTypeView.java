package net.activationserver.licensing.boundary;

import java.util.List;

/** A license type as an appliance's activation screen lists it. {@code available} also respects the global limit. */
public record LicenseTypeView(String code, String name, List<String> platforms, int seats, int used, int available) {
}
