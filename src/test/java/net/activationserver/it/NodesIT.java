package net.activationserver.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node registry through the admin API: this node UP with its address and version, a node unseen DOWN. */
class NodesIT extends ItBase {

    private JsonObject node(String name) {
        Http.Answer answer = http.admin("GET", "api/v1/admin/nodes", null, null);
        assertEquals(200, answer.status(), answer.toString());
        return answer.array().stream().map(JsonValue::asJsonObject).filter(n -> n.getString("name").equals(name)).findFirst().orElse(null);
    }

    @Test
    void thisNodeIsListedUpAndANodeNotSeenIsDown() throws Exception {
        JsonObject self = node("it-node");
        assertTrue(self != null, "the Arquillian node (ASL_NODE_NAME=it-node) recorded itself");
        assertEquals("UP", self.getString("status"));
        assertTrue(self.getBoolean("self"));
        assertEquals("1.0.0-SNAPSHOT", self.getString("version"));
        // the address is host:port, the port learnt from the first request served (recorded at the next refresh)
        String port = ":" + base.getPort();
        self = await("this node's address with the port it serves on").atMost(Duration.ofSeconds(40)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).until(() -> node("it-node"), n -> n.getString("address").endsWith(port));
        assertTrue(self.getString("address").endsWith(port), self.toString());
        assertTrue(java.time.Instant.parse(self.getString("lastSeenAt")).isAfter(java.time.Instant.parse(self.getString("startedAt")).minusSeconds(1)));

        try (Connection db = Fixtures.db(); Statement sql = db.createStatement()) {
            sql.execute("REPLACE INTO node (name, address, version, started_at, last_seen_at) VALUES ('gone-node', '10.0.0.9:8080', '0.9',"
                    + " UTC_TIMESTAMP(6) - INTERVAL 2 HOUR, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR)");
        }
        JsonObject gone = node("gone-node");
        assertEquals("DOWN", gone.getString("status"));
        assertEquals("10.0.0.9:8080", gone.getString("address"));
        assertEquals(false, gone.getBoolean("self"));

        assertProblem(http.admin("DELETE", "api/v1/admin/nodes/it-node", null, null), 409, "ASL_CONFLICT");
        assertProblem(http.admin("DELETE", "api/v1/admin/nodes/no-such-node", null, null), 404, "ASL_NOT_FOUND");
        assertEquals(204, http.admin("DELETE", "api/v1/admin/nodes/gone-node", null, null).status());
        assertEquals(null, node("gone-node"));
        assertTrue(Fixtures.count("SELECT COUNT(*) FROM audit_event WHERE message LIKE 'Server node gone-node%' AND node = 'it-node'") == 1,
                "audited, with the node that did it");
    }
}
