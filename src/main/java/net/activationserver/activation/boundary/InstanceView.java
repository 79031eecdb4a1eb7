package net.activationserver.activation.boundary;

import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * An instance as the admin API lists it, with when it will turn STALE ({@code staleAt}, while ACTIVE) and when its
 * seat will be released ({@code releaseAt}, while it holds one) if no heartbeat comes. The settings those are computed
 * from ({@code asl.heartbeat.timeout}, {@code asl.seat.release-after}) are passed in by whoever builds the view.
 */
public record InstanceView(String id, String mac, String hostname, String platform, String build, String licenseType, String status,
                           String activatedAt, String lastHeartbeatAt, String staleAt, String releaseAt, String endedAt) {

    public static InstanceView of(Instance i, Duration heartbeatTimeout, Duration seatReleaseAfter) {
        Instant stale = i.lastHeartbeatAt().plus(heartbeatTimeout);
        Instant release = stale.plus(seatReleaseAfter);
        return new InstanceView(i.id(), i.mac(), i.hostname(), i.platform().name(), i.build(), i.licenseType(), i.status().name(),
                i.activatedAt().toString(), i.lastHeartbeatAt().toString(),
                i.status() == InstanceStatus.ACTIVE ? stale.toString() : null,
                i.holdsSeat() ? release.toString() : null,
                i.endedAt() == null ? null : i.endedAt().toString());
    }
}
