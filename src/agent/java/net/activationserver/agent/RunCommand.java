package net.activationserver.agent;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code run}: the appliance's life after activation. Heartbeats at the interval the server gives; keeps the newest
 * lease that verifies; with no server answering (or answers it cannot use) it goes on until the lease's exp, then
 * stops; on 410 it forgets the instance and needs activation again.
 */
final class RunCommand {

    private enum Outcome { OK, DEREGISTERED, NO_SERVER, REFUSED, LEASE_REFUSED }

    private final Agent agent;
    private AgentState state;
    private ApplianceClient client;
    private LeaseVerifier verifier;
    private int lastExit = Exit.OK;
    private final Instant started = Instant.now();

    RunCommand(Agent agent) {
        this.agent = agent;
    }

    int run() throws IOException, InterruptedException {
        state = agent.loadState();
        if (!state.activated()) {
            agent.err.println("not activated: run 'asl-agent activate ...' first" + (state.note == null ? "" : " (" + state.note + ")"));
            return Exit.NOT_ACTIVATED;
        }
        Servers servers = agent.servers(state);
        if (agent.options.has("servers")) {
            state.servers = servers.all().stream().map(URI::toString).toList();
        }
        agent.rememberTrust(state);
        String platform = state.platform == null ? "VMWARE" : state.platform;
        client = agent.client(state, servers,
                new Signer(agent.requireKey(state), platform, state.build == null ? Agent.DEFAULT_BUILD : state.build));
        verifier = agent.verifier(state, client);
        boolean once = agent.options.flag("once");
        Duration maxDuration = agent.options.duration("max-duration", null);
        Instant deadline = maxDuration == null ? null : started.plus(maxDuration);
        agent.out.println(stamp() + " running instance " + state.instanceId + " (" + state.licenseType + ") against " + servers
                + (state.leaseExpiresAt == null ? "; no valid lease held" : "; lease until " + Text.time(state.leaseExpiresAt)));

        while (true) {
            Outcome outcome = heartbeat();
            if (outcome == Outcome.DEREGISTERED) {
                return Exit.DEREGISTERED;
            }
            Instant now = Instant.now();
            if (outcome != Outcome.OK && leaseOver(now)) {
                return stopped();
            }
            if (once) {
                return outcome == Outcome.OK ? Exit.OK : lastExit;
            }
            Duration interval = Duration.ofSeconds(Math.max(1, state.heartbeatIntervalSeconds == null ? 60 : state.heartbeatIntervalSeconds));
            Instant next = now.plus(interval);
            if (state.leaseExpiresAt != null && state.leaseExpiresAt.isBefore(next)) {
                next = state.leaseExpiresAt;
            }
            if (deadline != null && !deadline.isAfter(next)) {
                sleepUntil(deadline);
                agent.out.println(stamp() + " --max-duration " + maxDuration + " reached: stopping"
                        + (state.leaseExpiresAt == null ? "" : "; licensed until " + Text.time(state.leaseExpiresAt)));
                return Exit.OK;
            }
            sleepUntil(next);
            if (leaseOver(Instant.now())) {
                return stopped();
            }
        }
    }

    private boolean leaseOver(Instant now) {
        return state.leaseExpiresAt == null || !now.isBefore(state.leaseExpiresAt);
    }

    private int stopped() {
        if (state.leaseExpiresAt == null) {
            agent.out.println(stamp() + " no valid lease and no usable answer from any server: appliance stopped");
        } else {
            agent.out.println(stamp() + " lease expired at " + Text.time(state.leaseExpiresAt) + ": appliance stopped");
        }
        return Exit.LEASE_EXPIRED;
    }

    private Outcome heartbeat() throws IOException {
        long uptime = Duration.between(started, Instant.now()).getSeconds();
        JsonObject body = Jsons.PROVIDER.createObjectBuilder().add("build", state.build == null ? Agent.DEFAULT_BUILD : state.build)
                .add("uptimeSeconds", uptime).build();
        Answer answer;
        try {
            answer = client.signed("POST", "/api/v1/instances/" + state.instanceId + "/heartbeat",
                    Jsons.compact(body).getBytes(StandardCharsets.UTF_8), state.instanceToken);
        } catch (NoServerAnswered e) {
            agent.err.println(stamp() + " heartbeat: no server answered (" + String.join("; ", e.reasons()) + ")");
            agent.out.println(stamp() + " offline: running on the lease"
                    + (state.leaseExpiresAt == null ? " (none held)" : " until " + Text.time(state.leaseExpiresAt) + " ("
                    + Text.span(Duration.between(Instant.now(), state.leaseExpiresAt)) + " left)"));
            lastExit = Exit.NO_SERVER;
            return Outcome.NO_SERVER;
        }
        if (answer.status() == 410) {
            String id = state.instanceId;
            state.clearInstance("deregistered by the server (410 ASL_DEREGISTERED) at " + Text.time(Instant.now()));
            state.lastServer = answer.server().toString();
            agent.save(state);
            agent.out.println(stamp() + " instance " + id + " was deregistered (" + answer.describe()
                    + "): back to needing activation; activate again with 'asl-agent activate --license-type CODE'");
            lastExit = Exit.DEREGISTERED;
            return Outcome.DEREGISTERED;
        }
        if (answer.status() != 200) {
            agent.err.println(stamp() + " heartbeat refused by " + answer.server() + ": " + answer.describe()
                    + "; running on the lease" + (state.leaseExpiresAt == null ? " (none held)" : " until " + Text.time(state.leaseExpiresAt)));
            lastExit = Exit.forProblem(answer.problemCode());
            return Outcome.REFUSED;
        }
        JsonObject json = answer.json();
        Instant now = Instant.now();
        state.lastServer = answer.server().toString();
        state.lastHeartbeatAt = now;
        String status = Jsons.string(json, "status");
        if (status != null) {
            state.status = status;
        }
        Long interval = Jsons.number(json, "heartbeatIntervalSeconds");
        if (interval != null && interval > 0) {
            state.heartbeatIntervalSeconds = interval.intValue();
        }
        String jws = Jsons.string(json, "lease");
        Outcome outcome = Outcome.OK;
        if (jws != null && !jws.equals(state.lease)) {
            try {
                LeaseVerifier.Lease lease = verifier.verify(jws, state.instanceId, state.mac);
                if (state.leaseExpiresAt == null || lease.expiresAt().isAfter(state.leaseExpiresAt)) {
                    state.lease = jws;
                    state.leaseExpiresAt = lease.expiresAt();
                }
            } catch (LeaseVerifier.Refused e) {
                agent.err.println(stamp() + " lease from " + answer.server() + " refused: " + e.getMessage() + "; keeping the previous one");
                lastExit = Exit.LEASE_REFUSED;
                outcome = Outcome.LEASE_REFUSED;
            }
            if (verifier.keysChanged()) {
                state.leaseKeys = verifier.keys().toString(true);
            }
        } else if (jws == null) {
            agent.err.println(stamp() + " heartbeat answer from " + answer.server() + " carried no lease");
        }
        agent.save(state);
        if (outcome == Outcome.OK) {
            agent.out.println(stamp() + " heartbeat ok via " + answer.server() + String.format(java.util.Locale.ROOT, " (%.0f ms)", answer.latencyMillis())
                    + ": " + state.status + ", lease until " + Text.time(state.leaseExpiresAt) + " (" + Text.span(Duration.between(now,
                    state.leaseExpiresAt == null ? now : state.leaseExpiresAt)) + " left)");
            lastExit = Exit.OK;
        }
        return outcome;
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static String stamp() {
        return Text.time(Instant.now());
    }
}
