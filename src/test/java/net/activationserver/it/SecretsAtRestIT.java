package net.activationserver.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import net.activationserver.licensing.entity.Ed25519;
import net.activationserver.licensing.vendor.VendorTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets at rest (issue 19): two nodes on one database, the second started after rows an earlier build wrote in clear
 * (a lease key, the demo's keys) were put into it. A dump of the database, read here with plain JDBC, holds no private
 * or secret key in clear; a retired lease key leaves the key set on both nodes and the next heartbeat's lease verifies
 * with a new key; a third node given another secrets key does not start.
 */
class SecretsAtRestIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TYPE = "VLM-SECRETS";
    private static final String CLEAR_APPLIANCE_KEY = "demo-appliance-key-of-an-earlier-build-0123";
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static Http a;
    private static Http b;
    private static String dbUrl;
    private static OctetKeyPair clearLeaseKey;
    private static OctetKeyPair clearVendorKey;
    private static String clearConsoleKey;

    @BeforeAll
    static void startTwoNodesTheSecondOnRowsAnEarlierBuildWroteInClear() throws Exception {
        dbUrl = Fixtures.freshDatabase("asl_secrets");
        Map<String, String> settings = Fixtures.serverSettings(dbUrl);
        nodeA = ServerProcess.start(settings);
        nodeA.awaitServing(START);
        a = new Http(nodeA.base());

        // what an earlier build left in clear: an (older) lease key, and the demo profile's keys in setting
        clearLeaseKey = new OctetKeyPair.Builder(Ed25519.generate()).keyID("clear-" + UUID.randomUUID()).algorithm(JWSAlgorithm.EdDSA).build();
        clearVendorKey = VendorTool.generate();
        clearConsoleKey = java.util.Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 32).getBytes());
        try (Connection db = db()) {
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO lease_key (kid, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, clearLeaseKey.getKeyID());
                insert.setString(2, clearLeaseKey.toJSONString());
                insert.setString(3, clearLeaseKey.toPublicJWK().toJSONString());
                insert.setTimestamp(4, Timestamp.from(Instant.now().minus(1, ChronoUnit.DAYS)));
                insert.executeUpdate();
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO setting (name, value, updated_at) VALUES (?, ?, UTC_TIMESTAMP(6))")) {
                for (String[] row : new String[][] {{"demo.appliance-key", CLEAR_APPLIANCE_KEY},
                        {"demo.vendor-key", clearVendorKey.toJSONString()}, {"demo.console-secret-key", clearConsoleKey}}) {
                    insert.setString(1, row[0]);
                    insert.setString(2, row[1]);
                    insert.executeUpdate();
                }
            }
        }

        nodeB = ServerProcess.start(settings);
        nodeB.awaitServing(START);
        b = new Http(nodeB.base());
        assertEquals(201, a.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-SECRETS", 50, TYPE, "20")).status());
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    @Test
    void aDumpOfTheDatabaseHoldsNoPrivateOrSecretKeyInClear() throws Exception {
        Map<String, String> leaseKeys = rows("SELECT kid, private_jwk FROM lease_key");
        assertTrue(leaseKeys.size() >= 2, "the first node's key and the earlier build's: " + leaseKeys.keySet());
        leaseKeys.forEach((kid, stored) -> {
            assertTrue(stored.startsWith("v1:"), "lease key " + kid + " is stored sealed");
            assertNoKeyMaterial("lease_key " + kid, stored);
        });
        for (String publicJwk : rows("SELECT kid, public_jwk FROM lease_key").values()) {
            assertFalse(publicJwk.contains("\"d\""), "public halves only: " + publicJwk);
        }

        Map<String, String> settings = rows("SELECT name, value FROM setting");
        settings.forEach((name, value) -> assertNoKeyMaterial("setting " + name, value));
        String applianceKey = settings.get("demo.appliance-key");
        assertNotNull(applianceKey, "the earlier build's demo appliance key is kept");
        assertTrue(applianceKey.startsWith("v1:") && !applianceKey.contains(CLEAR_APPLIANCE_KEY), "and sealed");
        assertNull(settings.get("demo.vendor-key"), "the demo vendor private key is gone");
        assertEquals(clearVendorKey.toPublicJWK().toJSONString(), settings.get("demo.vendor-public-key"), "its public half is kept");
        assertNull(settings.get("demo.console-secret-key"), "the demo console key is gone: the secrets key replaces it");

        // the earlier build's lease key was kept (sealed), and still verifies what it signed
        JWKSet published = jwks(b);
        assertNotNull(published.getKeyByKeyId(clearLeaseKey.getKeyID()));
        assertTrue(nodeB.output().stream().anyMatch(l -> l.contains("Lease signing key " + clearLeaseKey.getKeyID()
                + " stored in clear by an earlier build: encrypted with the secrets key")), "node B sealed it at its start");
        for (ServerProcess node : List.of(nodeA, nodeB)) {
            assertTrue(node.output().stream().noneMatch(l -> l.contains(Http.SECRETS_KEY)), "the secrets key is never logged");
        }
    }

    @Test
    void aRetiredKeyLeavesTheKeySetOnBothNodesAndTheNextHeartbeatIsSignedWithANewKey() throws Exception {
        JsonObject activated = a.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), TYPE)).json();
        String id = activated.getString("instanceId");
        String token = activated.getString("instanceToken");
        String retired = SignedJWT.parse(activated.getString("lease")).getHeader().getKeyID();
        assertNotNull(jwks(b).getKeyByKeyId(retired));

        Http.Answer deleted = a.admin("DELETE", "api/v1/admin/lease-keys/" + retired, null, null);
        assertEquals(204, deleted.status(), deleted.toString());
        assertNull(jwks(a).getKeyByKeyId(retired), "gone at once on the node that retired it");
        await().atMost(WAIT).until(() -> jwks(b).getKeyByKeyId(retired) == null);

        // the next heartbeat, on the other node, brings a lease signed by a published key
        SignedJWT renewed = SignedJWT.parse(heartbeat(b, id, token).getString("lease"));
        String kid = renewed.getHeader().getKeyID();
        assertNotEquals(retired, kid);
        for (Http node : List.of(a, b)) {
            OctetKeyPair key = (OctetKeyPair) jwks(node).getKeyByKeyId(kid);
            assertNotNull(key, "the new kid is published");
            assertTrue(renewed.verify(Ed25519.verifier(key)));
        }
        assertEquals(id, renewed.getJWTClaimsSet().getSubject());
        assertEquals(kid, SignedJWT.parse(heartbeat(a, id, token).getString("lease")).getHeader().getKeyID(), "and kept");
        assertEquals(Optional.of(kid), newestKid(), "the server signs with a fresh key from then on");
        SignedJWT fresh = SignedJWT.parse(a.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), TYPE)).json().getString("lease"));
        assertEquals(kid, fresh.getHeader().getKeyID());

        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM asl_secrets.lease_key WHERE kid = ?", retired), "its private key is deleted");
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM asl_secrets.audit_event WHERE message = ?",
                "Lease signing key " + retired + " retired by admin"));
    }

    @Test
    void anUnknownKidIs404AndAViewerMayNotRetire() {
        Http.Answer unknown = a.admin("DELETE", "api/v1/admin/lease-keys/no-such-kid", null, null);
        assertEquals(404, unknown.status(), unknown.toString());
        assertTrue(unknown.contentType().startsWith("application/problem+json"), unknown.toString());
        assertEquals("ASL_NOT_FOUND", unknown.code());

        Http.Answer created = a.admin("POST", "api/v1/admin/users", "application/json",
                "{\"username\":\"secrets-viewer\",\"password\":\"viewer-password-1\",\"role\":\"viewer\"}");
        assertEquals(201, created.status(), created.toString());
        String kid = jwks(a).getKeys().get(0).getKeyID();
        Http.Answer refused = b.as("secrets-viewer", "viewer-password-1", "DELETE", "api/v1/admin/lease-keys/" + kid, null, null);
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("ASL_FORBIDDEN", refused.code());
        assertNotNull(jwks(a).getKeyByKeyId(kid), "still published");
    }

    @Test
    void aNodeWhoseKeyDoesNotOpenTheStoredKeysDoesNotStart() throws Exception {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        String otherKey = java.util.Base64.getEncoder().encodeToString(bytes);
        try (ServerProcess nodeC = ServerProcess.start(Fixtures.serverSettings(dbUrl, "ASL_SECRETS_KEY", otherKey))) {
            String line = nodeC.awaitLine(l -> l.contains("does not open"), START);
            assertTrue(line.contains("Setting asl.secrets.key (ASL_SECRETS_KEY) does not open"), line);
            assertTrue(line.contains("the Activation Server cannot start."), line);
            assertFalse(nodeC.output().stream().anyMatch(l -> l.contains(otherKey)), "the key is never logged");
        }
        assertEquals(200, b.plain("GET", "api/v1/lease-keys", null, null).status(), "the other nodes are untouched");
    }

    @Test
    void aLicenseFileIssuedInTheFutureIsRefused() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String file = Fixtures.signUnchecked("{\"licenseId\":\"L-FUTURE\",\"customer\":\"IT Corp\",\"issuedAt\":\"" + now.plus(1, ChronoUnit.HOURS)
                + "\",\"expiresAt\":\"" + now.plus(365, ChronoUnit.DAYS) + "\",\"instanceLimit\":5,"
                + "\"types\":[{\"code\":\"VLM-FUTURE\",\"name\":\"n\",\"platforms\":[\"VMWARE\"],\"seats\":5}]}");
        Http.Answer refused = a.admin("POST", "api/v1/admin/entitlements", "application/jose", file);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("ASL_BAD_LICENSE_FILE", refused.code());
        assertTrue(refused.json().getString("detail").contains("in the future"), refused.toString());
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM asl_secrets.entitlement WHERE license_id = 'L-FUTURE'"), "nothing installed");
    }

    private static JsonObject heartbeat(Http node, String id, String token) {
        Http.Answer answer = node.instance("POST", "api/v1/instances/" + id + "/heartbeat", token, null);
        assertEquals(200, answer.status(), answer.toString());
        return answer.json();
    }

    private static JWKSet jwks(Http node) {
        try {
            return JWKSet.parse(node.plain("GET", "api/v1/lease-keys", null, null).body());
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** No JWK private member, no PEM private key, none of the keys planted in clear. */
    private static void assertNoKeyMaterial(String where, String value) {
        assertFalse(value.contains("\"d\""), where + " holds a JWK private member");
        assertFalse(value.contains("PRIVATE KEY"), where + " holds a PEM private key");
        for (String secret : List.of(clearLeaseKey.getD().toString(), clearVendorKey.getD().toString(), clearConsoleKey,
                CLEAR_APPLIANCE_KEY, Http.SECRETS_KEY)) {
            assertFalse(value.contains(secret), where + " holds a secret in clear");
        }
    }

    private static Optional<String> newestKid() throws SQLException {
        return Optional.ofNullable(rows("SELECT kid, kid FROM lease_key ORDER BY created_at DESC, kid DESC LIMIT 1").keySet()
                .stream().findFirst().orElse(null));
    }

    private static Map<String, String> rows(String sql) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection db = db(); PreparedStatement query = db.prepareStatement(sql); ResultSet result = query.executeQuery()) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(dbUrl, System.getProperty("it.db.user", "root"), System.getProperty("it.db.password", ""));
    }
}
