package net.activationserver.licensing.boundary;

import net.activationserver.licensing.entity.Entitlement;

import java.time.Instant;
import java.util.List;

/**
 * An installed license file as the admin API shows it (never the signed text's key material: there is none).
 * {@code contributedBy} is the instance that handed the file in (a client-contributed license), null for a file installed on
 * the server; {@code installedBy} names the admin, or the appliance (MAC and host name) that contributed it.
 */
public record EntitlementView(String licenseId, String customer, String issuedAt, String expiresAt, boolean expired,
                              int instanceLimit, List<Grant> types, String installedAt, String installedBy, String contributedBy) {

    public record Grant(String code, String name, List<String> platforms, int seats) {
    }

    public static EntitlementView of(Entitlement e, Instant now) {
        return new EntitlementView(e.licenseId(), e.customer(), e.issuedAt().toString(), e.expiresAt().toString(),
                !e.activeAt(now), e.instanceLimit(),
                e.types().stream().map(g -> new Grant(g.code(), g.name(), g.platforms().stream().map(Enum::name).toList(), g.seats())).toList(),
                e.installedAt().toString(), e.installedBy(), e.contributedBy());
    }
}
