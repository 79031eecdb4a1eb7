package net.activationserver.agent;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code check}: the troubleshooting checks of an appliance's activation screen, one line each: the server name
 * resolves, each server answers /api/v1/ping, its clock is near ours (the proof allows 300 s), and it accepts our
 * appliance key. Exit 0 when nothing FAILs.
 */
final class CheckCommand {

    static final long CLOCK_WINDOW_SECONDS = 300;
    private final Agent agent;
    private int failures;
    private int warnings;

    CheckCommand(Agent agent) {
        this.agent = agent;
    }

    int run() throws IOException, InterruptedException {
        AgentState state = agent.loadState();
        Servers servers = agent.servers(state);
        String key = agent.key(state);
        String platform = Agent.platform(agent.options.get("platform", state.platform == null ? "VMWARE" : state.platform));
        String build = state.build == null ? Agent.DEFAULT_BUILD : state.build;
        ApplianceClient client = agent.client(state, servers, key == null ? null : new Signer(key, platform, build));

        for (URI base : servers.all()) {
            String host = base.getHost();
            long dnsStarted = System.nanoTime();
            try {
                InetAddress[] addresses = InetAddress.getAllByName(host);
                line("OK", "dns", host + " resolves to " + Arrays.stream(addresses).map(InetAddress::getHostAddress)
                        .collect(Collectors.joining(", ")) + " (" + millis(dnsStarted) + ")");
            } catch (UnknownHostException e) {
                line("FAIL", "dns", host + " does not resolve (" + millis(dnsStarted) + "): check the name and the DNS servers");
            }

            Answer ping;
            long sent = System.currentTimeMillis();
            try {
                ping = client.sendTo(base, "GET", "/api/v1/ping", null, null, false);
            } catch (IOException e) {
                line("FAIL", "ping", base + ": " + client.reason(e));
                line("SKIP", "clock", base + ": no answer to compare with");
                line("SKIP", "key", base + ": no answer");
                continue;
            }
            JsonObject pong = ping.json();
            if (ping.status() != 200 || pong == null) {
                line("FAIL", "ping", base + ": " + ping.describe() + String.format(Locale.ROOT, " (%.0f ms)", ping.latencyMillis()));
            } else {
                line("OK", "ping", base + ": " + ping.status() + " " + Jsons.string(pong, "status") + ", node "
                        + Jsons.string(pong, "node") + String.format(Locale.ROOT, ", %.1f ms", ping.latencyMillis())
                        + ("https".equalsIgnoreCase(base.getScheme()) ? ", certificate verified against " + client.trust() : ""));
            }
            clock(base, pong, sent, ping.latencyNanos());
            if (key == null) {
                line("SKIP", "key", "no appliance key given (--key, --key-file, ASL_APPLIANCE_KEY or the state file)");
                continue;
            }
            try {
                Answer types = client.sendTo(base, "GET", "/api/v1/license-types?platform=" + platform, null, null, true);
                if (types.status() == 200) {
                    JsonArray offered = Jsons.arrayOrNull(types.body());
                    line("OK", "key", base + ": appliance key accepted (" + (offered == null ? "?" : offered.size())
                            + " license types offered for " + platform + ")");
                } else if (types.status() == 401) {
                    line("FAIL", "key", base + ": appliance key not accepted: " + types.describe());
                } else {
                    line("FAIL", "key", base + ": " + types.describe());
                }
            } catch (IOException e) {
                line("FAIL", "key", base + ": " + client.reason(e));
            }
        }

        if (state.activated()) {
            Instant now = Instant.now();
            if (state.leaseExpiresAt != null && now.isBefore(state.leaseExpiresAt)) {
                line("OK", "lease", "instance " + state.instanceId + ": lease valid until " + Text.time(state.leaseExpiresAt) + " ("
                        + Text.span(Duration.between(now, state.leaseExpiresAt)) + " left)");
            } else {
                line("FAIL", "lease", "instance " + state.instanceId + ": no valid lease"
                        + (state.leaseExpiresAt == null ? "" : " (expired at " + Text.time(state.leaseExpiresAt) + ")"));
            }
        }
        agent.out.println(failures == 0 ? "check: no problem found" + (warnings == 0 ? "" : " (" + warnings + " warning(s))")
                : "check: " + failures + " problem(s) found");
        return failures == 0 ? Exit.OK : Exit.CHECK_FAILED;
    }

    private void clock(URI base, JsonObject pong, long sentMillis, long latencyNanos) {
        String time = Jsons.string(pong, "time");
        if (time == null) {
            line("SKIP", "clock", base + ": the ping answer carries no time");
            return;
        }
        Instant server;
        try {
            server = Instant.parse(time);
        } catch (RuntimeException e) {
            line("FAIL", "clock", base + ": the ping answer's time '" + time + "' is not RFC 3339");
            return;
        }
        Instant local = Instant.ofEpochMilli(sentMillis + latencyNanos / 2_000_000);
        double apart = Math.abs(Duration.between(local, server).toMillis()) / 1000.0;
        String text = String.format(Locale.ROOT, "%s: server %s, local %s: %.1f s apart", base, server, local, apart);
        if (apart > CLOCK_WINDOW_SECONDS) {
            line("WARN", "clock", text + " (over " + CLOCK_WINDOW_SECONDS + " s: the server will refuse the appliance proof; fix the clock, e.g. NTP)");
            failures++;
        } else {
            line("OK", "clock", text);
        }
    }

    private void line(String verdict, String check, String text) {
        if (verdict.equals("FAIL")) {
            failures++;
        } else if (verdict.equals("WARN")) {
            warnings++;
        }
        agent.out.println(String.format(Locale.ROOT, "%-4s  %-5s  %s", verdict, check, text));
    }

    private static String millis(long startedNanos) {
        return String.format(Locale.ROOT, "%.0f ms", (System.nanoTime() - startedNanos) / 1e6);
    }
}
