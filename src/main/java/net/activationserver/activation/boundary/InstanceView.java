package net.activationserver.activation.boundary;

import net.activationserver.activation.entity.Instance;

/** An instance as the admin API lists it. */
public record InstanceView(String id, String mac, String hostname, String platform, String build, String licenseType, String status,
                           String activatedAt, String lastHeartbeatAt, String endedAt) {

    public static InstanceView of(Instance i) {
        return new InstanceView(i.id(), i.mac(), i.hostname(), i.platform().name(), i.build(), i.licenseType(), i.status().name(),
                i.activatedAt().toString(), i.lastHeartbeatAt().toString(), i.endedAt() == null ? null : i.endedAt().toString());
    }
}
