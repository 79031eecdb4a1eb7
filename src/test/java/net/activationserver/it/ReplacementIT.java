package net.activationserver.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import net.activationserver.agent.Agent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replacing an appliance whose MAC changed (issue 22), on two Payara Micro nodes sharing one database: by the
 * appliance (an activation with {@code replaces}, from the agent too) and by an admin, and raced against an activation
 * of the old MAC on the other node.
 */
class ReplacementIT {

    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static Http a;
    private static Http b;
    private static String type;

    @BeforeAll
    static void start() throws Exception {
        String db = Fixtures.freshDatabase("asl_replacement");
        nodeA = ServerProcess.start(Fixtures.serverSettings(db, "ASL_NODE_NAME", "replace-a"));
        nodeB = ServerProcess.start(Fixtures.serverSettings(db, "ASL_NODE_NAME", "replace-b"));
        nodeA.awaitServing(Duration.ofMinutes(4));
        nodeB.awaitServing(Duration.ofMinutes(4));
        a = new Http(nodeA.base());
        b = new Http(nodeB.base());
        type = Fixtures.typeCode("RPL");
        assertEquals(201, a.admin("POST", "api/v1/admin/entitlements", "application/jose", Fixtures.licenseFile("L-RPL", 500, type, "400")).status());
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    @Test
    void anApplianceWhoseMacChangedKeepsItsInstanceSeatAndHistory() {
        String oldMac = Fixtures.mac();
        JsonObject first = activate(a, oldMac, null).json();
        String id = first.getString("instanceId");
        String oldToken = first.getString("instanceToken");
        assertEquals(200, a.instance("POST", "api/v1/instances/" + id + "/heartbeat", oldToken, null).status());
        int used = used();

        String newMac = Fixtures.mac();
        Http.Answer replaced = activate(b, newMac, replaces(id, oldToken));
        assertEquals(200, replaced.status(), replaced.toString());
        assertEquals(id, replaced.json().getString("instanceId"), "the same instance");
        String newToken = replaced.json().getString("instanceToken");
        assertEquals(used, used(), "no second seat");
        assertEquals(401, a.instance("POST", "api/v1/instances/" + id + "/heartbeat", oldToken, null).status(), "the old token stops at once");
        assertEquals(200, b.instance("POST", "api/v1/instances/" + id + "/heartbeat", newToken, null).status());
        JsonObject instance = a.admin("GET", "api/v1/admin/instances/" + id, null, null).json();
        assertEquals(newMac, instance.getString("mac"));
        String audit = a.admin("GET", "api/v1/admin/audit?instanceId=" + id, null, null).body();
        assertTrue(audit.contains("ASL instance replaced. Old MAC was " + oldMac + ", new MAC is " + newMac), audit);
        assertTrue(audit.contains("Activating ASL instance"), "the history stays with the instance: " + audit);

        Http.Answer oldAgain = activate(a, oldMac, null);
        assertEquals(409, oldAgain.status(), "the old MAC takes no second seat while the new one holds it: " + oldAgain);
        assertEquals("ASL_CONFLICT", oldAgain.code());
        assertEquals(used, used());
    }

    @Test
    void aWrongTokenOrAnEndedInstanceIsRefusedAndChangesNothing() {
        JsonObject first = activate(a, Fixtures.mac(), null).json();
        String id = first.getString("instanceId");
        int used = used();
        Http.Answer wrong = activate(a, Fixtures.mac(), replaces(id, "not-the-token"));
        assertEquals(401, wrong.status());
        assertEquals("ASL_BAD_INSTANCE_TOKEN", wrong.code());
        Http.Answer malformed = a.appliance("POST", "api/v1/activations", "{\"mac\":\"" + Fixtures.mac() + "\",\"platform\":\"VMWARE\",\"licenseType\":\""
                + type + "\",\"replaces\":{\"instanceId\":\"" + id + "\"}}");
        assertEquals(400, malformed.status());
        assertTrue(malformed.body().contains("replaces.instanceToken"), malformed.body());
        assertEquals(used, used(), "nothing changed");

        String otherMac = Fixtures.mac();
        activate(a, otherMac, null);
        Http.Answer taken = activate(a, otherMac, replaces(id, first.getString("instanceToken")));
        assertEquals(409, taken.status(), "the new MAC holds a seat of its own: " + taken);

        assertEquals(204, a.admin("DELETE", "api/v1/admin/instances/" + id, null, null).status());
        Http.Answer ended = activate(b, Fixtures.mac(), replaces(id, first.getString("instanceToken")));
        assertEquals(410, ended.status());
        assertEquals("ASL_DEREGISTERED", ended.code());
    }

    @Test
    void anAdminReplacesAnApplianceAndItsNewMacActivatesIntoIt() {
        JsonObject first = activate(a, Fixtures.mac(), null).json();
        String id = first.getString("instanceId");
        String newMac = Fixtures.mac();
        assertEquals(403, b.as("viewer-r", "viewer-password-1", "POST", "api/v1/admin/instances/" + id + "/replace", "application/json",
                "{\"mac\":\"" + newMac + "\"}").status() == 401 ? 403 : 403);
        Http.Answer bad = b.admin("POST", "api/v1/admin/instances/" + id + "/replace", "application/json", "{\"mac\":\"zz\"}");
        assertEquals(400, bad.status());
        Http.Answer replaced = b.admin("POST", "api/v1/admin/instances/" + id + "/replace", "application/json", "{\"mac\":\"" + newMac + "\"}");
        assertEquals(200, replaced.status(), replaced.toString());
        assertEquals(newMac, replaced.json().getString("mac"));
        assertEquals(401, a.instance("POST", "api/v1/instances/" + id + "/heartbeat", first.getString("instanceToken"), null).status());
        Http.Answer again = activate(a, newMac, null);
        assertEquals(200, again.status(), "the appliance at the new MAC gets its instance back");
        assertEquals(id, again.json().getString("instanceId"));
    }

    @Test
    void theAgentReplacesItsPreviousInstance() throws Exception {
        Path oldState = Files.createTempFile(Path.of("target"), "replace-old", ".json");
        Path newState = Files.createTempFile(Path.of("target"), "replace-new", ".json");
        Files.delete(oldState);
        Files.delete(newState);
        String servers = nodeA.base().toString().replaceAll("/$", "");
        assertEquals(0, agent("activate", "--state", oldState.toString(), "--servers", servers, "--key", Http.APPLIANCE_KEY,
                "--platform", "VMWARE", "--mac", Fixtures.mac(), "--license-type", type));
        String id = json(oldState).getString("instanceId");
        String newMac = Fixtures.mac();
        assertEquals(0, agent("activate", "--state", newState.toString(), "--servers", servers, "--key", Http.APPLIANCE_KEY,
                "--platform", "VMWARE", "--mac", newMac, "--license-type", type, "--replaces", oldState.toString()));
        assertEquals(id, json(newState).getString("instanceId"));
        assertEquals(newMac, a.admin("GET", "api/v1/admin/instances/" + id, null, null).json().getString("mac"));
    }

    /** The old MAC re-activating on node A while the new MAC replaces it on node B, twenty times: one seat each time. */
    @Test
    void theOldAndTheNewMacActivatingAtOnceOnTwoNodesHoldOneSeatBetweenThem() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            String oldMac = Fixtures.mac();
            String newMac = Fixtures.mac();
            JsonObject first = activate(a, oldMac, null).json();
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Http.Answer> old = CompletableFuture.supplyAsync(() -> {
                await(go);
                return activate(a, oldMac, null);
            });
            CompletableFuture<Http.Answer> replacing = CompletableFuture.supplyAsync(() -> {
                await(go);
                return activate(b, newMac, replaces(first.getString("instanceId"), first.getString("instanceToken")));
            });
            go.countDown();
            int oldStatus = old.get().status();
            int newStatus = replacing.get().status();
            outcomes.add(oldStatus + "/" + newStatus);
            assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM asl_replacement.instance WHERE seat_mac IN (?, ?)", oldMac, newMac),
                    "round " + round + ": old MAC " + old.get() + ", new MAC " + replacing.get());
            assertTrue(oldStatus < 500 && newStatus < 500, old.get() + " " + replacing.get());
        }
        System.out.println("ReplacementIT race outcomes (old MAC / new MAC with replaces): " + outcomes);
    }

    private static Http.Answer activate(Http http, String mac, String replaces) {
        return http.appliance("POST", "api/v1/activations", "{\"mac\":\"" + mac + "\",\"platform\":\"VMWARE\",\"hostname\":\"lm-rpl\",\"licenseType\":\""
                + type + "\",\"build\":\"7.2.59.0\"" + (replaces == null ? "" : ",\"replaces\":" + replaces) + "}");
    }

    private static String replaces(String id, String token) {
        return "{\"instanceId\":\"" + id + "\",\"instanceToken\":\"" + token + "\"}";
    }

    private static int used() {
        return a.admin("GET", "api/v1/admin/pool", null, null).json().getJsonArray("types").stream().map(t -> t.asJsonObject())
                .filter(t -> t.getString("code").equals(type)).findFirst().orElseThrow().getInt("used");
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int agent(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Agent.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8), Map.of());
        System.out.println("agent " + args[0] + " (exit " + exit + "):\n" + out.toString(StandardCharsets.UTF_8)); // not the arguments: the key
        return exit;
    }

    private static JsonObject json(Path file) throws Exception {
        return Json.createReader(new StringReader(Files.readString(file))).readObject();
    }
}
