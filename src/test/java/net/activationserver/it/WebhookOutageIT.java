package net.activationserver.it;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook delivery is at least once, in order, and shared by the nodes (issue 21): the receiver is stopped for a minute
 * while node A queues events and is killed with SIGKILL; started again, the receiver gets every event it missed, once
 * each, in order, from node B.
 */
class WebhookOutageIT {

    private static ServerProcess nodeA;
    private static ServerProcess nodeB;

    @BeforeAll
    static void start() throws Exception {
        String db = Fixtures.freshDatabase("asl_webhook_outage");
        String[] common = {"ASL_NODE_REFRESH", "PT1S", "ASL_WEBHOOKS_POLL", "PT0.5S", "ASL_WEBHOOKS_RETRY_BASE", "PT2S"};
        nodeA = ServerProcess.start(Fixtures.serverSettings(db, with(common, "ASL_NODE_NAME", "outage-a")));
        nodeB = ServerProcess.start(Fixtures.serverSettings(db, with(common, "ASL_NODE_NAME", "outage-b")));
        nodeA.awaitServing(Duration.ofMinutes(4));
        nodeB.awaitServing(Duration.ofMinutes(4));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    @Test
    void aReceiverBackAfterAMinuteGetsEveryMissedEventOnceInOrderThoughTheQueuingNodeWasKilled() throws Exception {
        Http a = new Http(nodeA.base());
        Http b = new Http(nodeB.base());
        String type = Fixtures.typeCode("OUT");
        assertEquals(201, a.admin("POST", "api/v1/admin/entitlements", "application/jose", Fixtures.licenseFile("L-OUT", 100, type, "50")).status());
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Http.Answer created = a.admin("POST", "api/v1/admin/webhooks", "application/json",
                    "{\"url\":\"" + receiver.url("/events") + "\",\"events\":[\"instance.activated\"]}");
            assertEquals(201, created.status(), created.toString());
            receiver.secret(created.json().getString("secret"));
            String endpoint = created.json().getString("id");

            List<String> activated = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                activated.add(activate(a, type));
            }
            await("the first three, while the receiver is up").atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);

            receiver.stop();
            Instant stopped = Instant.now();
            for (int i = 0; i < 10; i++) {
                activated.add(activate(a, type)); // queued by node A
            }
            await("node A tried and failed").atMost(Duration.ofSeconds(15)).until(() -> headAttempts(b, endpoint) >= 1);
            nodeA.kill();
            assertEquals(137, nodeA.awaitExit(Duration.ofSeconds(30)), "ended by SIGKILL (128 + 9)");

            // the receiver stays down for a minute; meanwhile node B takes over the endpoint and keeps retrying, backing off
            await("a minute offline, node B retrying").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Duration.between(stopped, Instant.now()).toSeconds() >= 60 && headAttempts(b, endpoint) >= 4);
            JsonObject head = pendingHead(b, endpoint);
            assertTrue(head.getString("lastError").contains("ConnectException") || head.getString("lastError").contains("HTTP"), head.toString());
            assertEquals(3, receiver.received().size(), "nothing got through while the receiver was down");

            receiver.start();
            await("every missed event, from node B").atMost(Duration.ofSeconds(90)).until(() -> receiver.received().size() >= 13);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 13);
            List<String> order = receiver.received().stream().map(r -> r.payload().getJsonObject("data").getString("instanceId")).toList();
            assertEquals(activated, order, "once each, in the order they happened");
            assertEquals(13, new HashSet<>(receiver.received().stream().map(WebhookReceiver.Received::id).toList()).size(), "13 distinct webhook-ids");
            assertTrue(receiver.received().stream().allMatch(WebhookReceiver.Received::verified), "every one signed");
            assertTrue(b.admin("GET", "api/v1/admin/webhooks/" + endpoint + "/deliveries", null, null).array().stream()
                    .allMatch(d -> d.asJsonObject().getString("status").equals("DELIVERED")));
        }
    }

    private static String activate(Http http, String type) {
        Http.Answer answer = http.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type));
        assertEquals(201, answer.status(), answer.toString());
        return answer.json().getString("instanceId");
    }

    /** The oldest pending delivery (the list is newest first). */
    private static JsonObject pendingHead(Http http, String endpoint) {
        List<JsonObject> pending = http.admin("GET", "api/v1/admin/webhooks/" + endpoint + "/deliveries", null, null).array().stream()
                .map(v -> v.asJsonObject()).filter(d -> d.getString("status").equals("PENDING")).toList();
        return pending.isEmpty() ? null : pending.get(pending.size() - 1);
    }

    private static int headAttempts(Http http, String endpoint) {
        JsonObject head = pendingHead(http, endpoint);
        return head == null ? 0 : head.getInt("attempts");
    }

    private static String[] with(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
