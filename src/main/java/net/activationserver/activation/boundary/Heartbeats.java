package net.activationserver.activation.boundary;

import net.activationserver.server.control.Retries;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import net.activationserver.activation.control.Beats;
import net.activationserver.activation.control.HeartbeatWriter;
import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.activation.control.Leases;
import net.activationserver.activation.control.LockedInstances;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.api.ApplianceProof;
import net.activationserver.api.NotAnApplianceException;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Nonces;
import net.activationserver.server.control.ServerMetrics;

import java.time.Instant;

/** The heartbeat facade: most heartbeats are answered from one read and written behind; the rest by {@link WrittenHeartbeats}. */
@Stateless
@PermitAll
public class Heartbeats {

    @Inject
    Beats beats;

    @Inject
    Nonces nonces;

    @Inject
    HeartbeatWriter heartbeats;

    @Inject
    ServerMetrics metrics;

    @Inject
    WrittenHeartbeats written;

    @Inject
    Leases leases;

    @Inject
    AslConfig config;

    /**
     * A heartbeat: one primary-key read, no transaction. An ACTIVE instance whose stored lease is not due for renewal
     * ({@link Leases#due}) is answered from that read and its heartbeat written with the node's next batch
     * ({@link HeartbeatWriter}); otherwise (a STALE instance resuming, a lease to renew) {@link WrittenHeartbeats} writes
     * before answering.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public HeartbeatResult heartbeat(String instanceId, String token, String build, ApplianceProof.Verified proof) {
        Instant now = LockedInstances.now();
        String tokenHash = token == null ? null : InstanceTokens.hash(token);
        Instance.Beat beat = beats.beat(instanceId, proof.nonce());
        // the nonce, looked up in the same read, before anything else is decided
        if (!nonces.rememberDeferred(proof.nonce(), proof.nonceExpiresAt(), beat.nonceSeen())) {
            throw new NotAnApplianceException("nonce was already used");
        }
        Beats.checked(beat, instanceId, token, tokenHash);
        if (beat.status() != InstanceStatus.ACTIVE || leases.due(beat.lease(), beat.leaseExpiresAt(), beat.networkId(), now)) {
            // run again alone if it meets a write conflict: the nonce is this call's already (rememberDeferred)
            return Retries.retried(() -> written.heartbeat(instanceId, token, build));
        }
        heartbeats.record(instanceId, now, build);
        metrics.heartbeat();
        return new HeartbeatResult(InstanceStatus.ACTIVE.name(), beat.lease(), beat.leaseExpiresAt().toString(),
                config.heartbeatInterval().toSeconds());
    }
}
