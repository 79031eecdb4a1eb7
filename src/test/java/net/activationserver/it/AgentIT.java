package net.activationserver.it;

import jakarta.json.JsonObject;
import net.activationserver.agent.Agent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The appliance agent (src/agent/java) against a real server with short settings (heartbeat every second, leases of
 * 15 s): activate, run, fail over from a dead address, kill, 410 and re-activation, a small fleet, and finally
 * running offline until the lease ends. The agent runs in-process through {@link Agent#run}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentIT {

    private static final String FILE_TYPE = "AGENT-MAX";
    private static final String FLEET_TYPE = "AGENT-FLEET";
    private static ServerProcess server;
    private static Http http;
    private static String live;
    private static String dead;
    private static Path dir;
    private static final Set<String> secrets = ConcurrentHashMap.newKeySet();

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        String url = System.getProperty("it.db.url");
        try (Connection connection = Fixtures.db(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `asl_agent`");
            statement.execute("CREATE DATABASE `asl_agent`");
        }
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "ASL_DB_URL", url.substring(0, url.lastIndexOf('/') + 1) + "asl_agent",
                "ASL_DB_USER", System.getProperty("it.db.user", "root"), "ASL_DB_PASSWORD", System.getProperty("it.db.password", ""),
                "ASL_APPLIANCE_KEY", Http.APPLIANCE_KEY, "ASL_VENDOR_PUBLIC_KEY", "src/test/resources/vendor/vendor-public.pem",
                "ASL_ADMIN_INITIAL_PASSWORD", Http.ADMIN_PASSWORD, "ASL_NODE_NAME", "agent-node",
                "ASL_HEARTBEAT_INTERVAL", "PT1S", "ASL_LEASE_GRACE", "PT15S"));
        settings.put("ASL_SECRETS_KEY", Http.SECRETS_KEY);
        server = ServerProcess.start(settings);
        server.awaitServing(Duration.ofMinutes(3));
        http = new Http(server.base());
        live = server.base().toString().replaceAll("/$", "");
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = "http://127.0.0.1:" + socket.getLocalPort();
        }
        Http.Answer installed = http.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-AGENT", 200, FILE_TYPE, "40", FLEET_TYPE, "40"));
        assertEquals(201, installed.status(), installed.toString());
        dir = Files.createTempDirectory(Path.of("target"), "agent-it");
        secrets.add(Http.APPLIANCE_KEY);
        secrets.add(Http.SECRETS_KEY);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Run agent(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Agent.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        report(args, run);
        return run;
    }

    private static Run agent(String... args) {
        return agent(Map.of(), args);
    }

    private static void report(String[] args, Run run) {
        System.out.println("$ asl-agent " + String.join(" ", args).replace(Http.APPLIANCE_KEY, "***") + "   -> exit " + run.exit());
        System.out.print(run.out());
        System.out.print(run.err());
        for (String secret : secrets) {
            assertFalse(run.all().contains(secret), "the agent printed a secret (the appliance key or a token)");
        }
    }

    private static Path state(String name) {
        return dir.resolve(name + ".json");
    }

    private static JsonObject stateJson(Path state) throws Exception {
        JsonObject json = jakarta.json.Json.createReader(new java.io.StringReader(Files.readString(state))).readObject();
        if (json.containsKey("instanceToken")) {
            secrets.add(json.getString("instanceToken"));
        }
        return json;
    }

    private static Run activate(Path state, String servers, String mac, String type) throws Exception {
        Run run = agent("activate", "--state", state.toString(), "--servers", servers, "--key", Http.APPLIANCE_KEY,
                "--platform", "VMWARE", "--mac", mac, "--license-type", type, "--build", "7.2.59.0");
        if (run.exit() == 0) {
            stateJson(state);
        }
        return run;
    }

    private static JsonObject adminInstance(String id) {
        Http.Answer answer = http.admin("GET", "api/v1/admin/instances/" + id, null, null);
        assertEquals(200, answer.status(), answer.toString());
        return answer.json();
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void withoutALicenseTypeActivateListsTheTypesOfferedAndActivatesNothing() {
        Path state = state("list");
        Run run = agent(Map.of("ASL_APPLIANCE_KEY", Http.APPLIANCE_KEY), "activate", "--state", state.toString(), "--servers", live,
                "--platform", "kvm", "--mac", "005056abcd01");
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains(FILE_TYPE) && run.out().contains(FLEET_TYPE), run.out());
        assertTrue(run.out().contains("offered for KVM"), run.out());
        assertFalse(Files.exists(state), "nothing activated, nothing saved");

        Run azure = agent("activate", "--state", state.toString(), "--servers", live, "--key", Http.APPLIANCE_KEY, "--platform", "AZURE",
                "--mac", "00:50:56:AB:CD:01");
        assertEquals(0, azure.exit(), azure.all());
        assertTrue(azure.out().contains("No license types are offered for AZURE"), azure.out());

        Run wrongKey = agent("activate", "--state", state.toString(), "--servers", live, "--key", "not-the-key", "--platform", "KVM",
                "--mac", "00:50:56:AB:CD:01");
        assertEquals(14, wrongKey.exit(), "ASL_NOT_AN_APPLIANCE has its own exit code");
        assertTrue(wrongKey.err().contains("401 ASL_NOT_AN_APPLIANCE"), wrongKey.err());
    }

    @Test
    @Order(2)
    void activateThenRunOnceThenStatus() throws Exception {
        Path state = state("single");
        String mac = Fixtures.mac();
        Run run = activate(state, live, mac.toLowerCase().replace(':', '-'), FILE_TYPE);
        assertEquals(0, run.exit(), run.all());
        JsonObject saved = stateJson(state);
        String id = saved.getString("instanceId");
        assertTrue(run.out().contains("activated: instance " + id + ", license type " + FILE_TYPE), run.out());
        assertTrue(run.out().contains("lease expires at"), run.out());
        assertEquals(mac, saved.getString("mac"), "kept in canonical form");
        assertEquals(live, saved.getString("lastServer"));
        assertEquals(1, saved.getInt("heartbeatIntervalSeconds"));
        assertEquals("ACTIVE", adminInstance(id).getString("status"));
        assertEquals(mac, adminInstance(id).getString("mac"));

        Run once = agent("run", "--once", "--state", state.toString());
        assertEquals(0, once.exit(), once.all());
        assertTrue(once.out().contains("heartbeat ok via " + live), once.out());
        assertTrue(stateJson(state).containsKey("lastHeartbeatAt"));

        Run again = activate(state, live, mac, FILE_TYPE);
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.out().contains("re-activated (this MAC was already active): instance " + id), again.out());

        Run status = agent("status", "--state", state.toString());
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains("instance:       " + id + " (ACTIVE), license type " + FILE_TYPE), status.out());
        assertTrue(status.out().contains("lease:          valid until"), status.out());
        assertTrue(status.out().contains("last server:    " + live), status.out());

        Run exhausted = activate(state("other"), live, Fixtures.mac(), "NO-SUCH-TYPE");
        assertEquals(13, exhausted.exit(), exhausted.all());
        assertTrue(exhausted.err().contains("404 ASL_UNKNOWN_LICENSE_TYPE"), exhausted.err());
    }

    @Test
    @Order(3)
    void aDeadAddressIsSkippedAndTheLiveOneRemembered() throws Exception {
        Path state = state("failover");
        Run run = activate(state, dead + "," + live, Fixtures.mac(), FILE_TYPE);
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains("via " + live), run.out());
        assertEquals(live, stateJson(state).getString("lastServer"));

        Run once = agent("run", "--once", "--state", state.toString());
        assertEquals(0, once.exit(), once.all());
        assertTrue(once.out().contains("heartbeat ok via " + live), once.out());

        Run nothing = agent("run", "--once", "--state", state.toString(), "--servers", dead);
        assertEquals(4, nothing.exit(), "no server answered: " + nothing.all());
        assertTrue(nothing.err().contains(dead + ": connection refused"), nothing.err());

        Run check = agent("check", "--state", state.toString(), "--servers", dead + "," + live);
        assertEquals(8, check.exit(), check.all());
        assertTrue(check.out().contains("FAIL  ping   " + dead + ": connection refused"), check.out());
        assertTrue(check.out().contains("OK    ping   " + live + ": 200 UP, node agent-node"), check.out());
        assertTrue(check.out().contains("OK    clock  " + live), check.out());
        assertTrue(check.out().contains("OK    key    " + live + ": appliance key accepted"), check.out());
        assertTrue(check.out().contains("OK    dns    127.0.0.1"), check.out());

        Run good = agent("check", "--servers", live, "--key", Http.APPLIANCE_KEY, "--state", state("none").toString());
        assertEquals(0, good.exit(), good.all());
        Run badKey = agent("check", "--servers", live, "--key", "wrong", "--state", state("none").toString());
        assertEquals(8, badKey.exit(), badKey.all());
        assertTrue(badKey.out().contains("FAIL  key    " + live + ": appliance key not accepted: 401 ASL_NOT_AN_APPLIANCE"), badKey.out());
    }

    @Test
    @Order(4)
    void killDeregistersAndClearsTheState() throws Exception {
        Path state = state("kill");
        assertEquals(0, activate(state, live, Fixtures.mac(), FILE_TYPE).exit());
        String id = stateJson(state).getString("instanceId");
        Run kill = agent("kill", "--state", state.toString());
        assertEquals(0, kill.exit(), kill.all());
        assertTrue(kill.out().contains("killed: instance " + id + " deregistered"), kill.out());
        assertFalse(stateJson(state).containsKey("instanceId"));
        assertFalse(stateJson(state).containsKey("instanceToken"));
        assertEquals("DEREGISTERED", adminInstance(id).getString("status"));
        assertEquals(3, agent("kill", "--state", state.toString()).exit(), "nothing left to kill");
        Run status = agent("status", "--state", state.toString());
        assertEquals(3, status.exit());
        assertTrue(status.out().contains("none: needs activation"), status.out());
        assertEquals(3, agent("run", "--once", "--state", state.toString()).exit());
    }

    @Test
    @Order(5)
    void anAdminDeregistrationSendsRunBackToActivationAndActivatingAgainWorks() throws Exception {
        Path state = state("deregistered");
        assertEquals(0, activate(state, live, Fixtures.mac(), FILE_TYPE).exit());
        String id = stateJson(state).getString("instanceId");
        assertEquals(204, http.admin("DELETE", "api/v1/admin/instances/" + id, null, null).status());

        Run run = agent("run", "--state", state.toString(), "--max-duration", "PT20S");
        assertEquals(6, run.exit(), run.all());
        assertTrue(run.out().contains("instance " + id + " was deregistered (410 ASL_DEREGISTERED"), run.out());
        assertTrue(run.out().contains("back to needing activation"), run.out());
        assertFalse(stateJson(state).containsKey("instanceId"));
        assertEquals(3, agent("status", "--state", state.toString()).exit());

        Run again = agent("activate", "--state", state.toString(), "--license-type", FILE_TYPE);
        assertEquals(0, again.exit(), "servers, key, platform and MAC come from the state: " + again.all());
        String newId = stateJson(state).getString("instanceId");
        assertNotEquals(id, newId);
        assertEquals("ACTIVE", adminInstance(newId).getString("status"));
        assertEquals(0, agent("run", "--once", "--state", state.toString()).exit());
    }

    @Test
    @Order(6)
    void aSmallFleetActivatesEveryApplianceAndHeartbeats() {
        Run fleet = agent("fleet", "--servers", dead + "," + live, "--key", Http.APPLIANCE_KEY, "--count", "20", "--rate", "50",
                "--duration", "PT5S", "--heartbeat-interval", "PT1S", "--license-type", FLEET_TYPE, "--kill-at-end",
                "--state", state("fleet").toString());
        assertEquals(0, fleet.exit(), fleet.all());
        assertTrue(fleet.out().contains("activations: 20 granted (20 new, 0 again), 0 refused"), fleet.out());
        Matcher heartbeats = Pattern.compile("heartbeats: +(\\d+) ok, (\\d+) failed").matcher(fleet.out());
        assertTrue(heartbeats.find(), fleet.out());
        assertTrue(Long.parseLong(heartbeats.group(1)) > 20, fleet.out());
        assertEquals("0", heartbeats.group(2), fleet.out());
        assertTrue(fleet.out().contains("kills:       20 ok, 0 failed"), fleet.out());
        Matcher failovers = Pattern.compile("(\\d+) failovers").matcher(fleet.out());
        assertTrue(failovers.find() && Long.parseLong(failovers.group(1)) >= 1, "the dead address was tried and skipped: " + fleet.out());
        assertTrue(fleet.out().contains("p99"), fleet.out());
        assertTrue(fleet.out().lines().anyMatch(line -> line.matches("\\[ *\\d+\\.\\ds\\] active .*")), "live progress: " + fleet.out());
        assertEquals(0, http.admin("GET", "api/v1/admin/instances?status=ACTIVE&limit=1000", null, null).array().stream()
                .filter(i -> i.asJsonObject().getString("licenseType").equals(FLEET_TYPE)).count(), "killed at the end");
    }

    @Test
    @Order(7)
    void withTheServerGoneTheApplianceRunsUntilItsLeaseEndsThenStops() throws Exception {
        Path state = state("offline");
        assertEquals(0, activate(state, dead + "," + live, Fixtures.mac(), FILE_TYPE).exit());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {"run", "--state", state.toString(), "--max-duration", "PT90S"};
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> Agent.run(args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));
        await("two heartbeats answered before the server goes").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> out.toString(StandardCharsets.UTF_8), printed -> printed.split("heartbeat ok", -1).length >= 3);
        assertTrue(out.toString(StandardCharsets.UTF_8).split("heartbeat ok", -1).length >= 3, out.toString(StandardCharsets.UTF_8));

        server.kill();
        Instant killed = Instant.now();
        int exit = running.get(45, TimeUnit.SECONDS);
        Instant stopped = Instant.now();
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        report(args, run);

        assertEquals(5, exit, run.all());
        Instant leaseEnd = Instant.parse(stateJson(state).getString("leaseExpiresAt"));
        assertTrue(run.out().contains("lease expired at " + leaseEnd.toString().replaceAll("\\.\\d+Z$", "Z") + ": appliance stopped"), run.out());
        assertTrue(run.out().contains("offline: running on the lease until"), run.out());
        assertTrue(run.err().contains("no server answered"), run.err());
        assertTrue(leaseEnd.isAfter(killed), "the lease outlived the server");
        assertFalse(stopped.isBefore(leaseEnd), "ran until the lease's exp " + leaseEnd + ", stopped " + stopped);
        assertTrue(Duration.between(leaseEnd, stopped).getSeconds() < 5, "stopped soon after exp " + leaseEnd + ": " + stopped);
        List<String> offline = new ArrayList<>(run.out().lines().filter(line -> line.contains("offline")).toList());
        assertTrue(offline.size() >= 3, "kept trying while running on the lease: " + offline);
    }
}
