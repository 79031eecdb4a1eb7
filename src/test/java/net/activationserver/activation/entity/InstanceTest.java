package net.activationserver.activation.entity;

import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.server.entity.ProblemCode;
import net.activationserver.licensing.entity.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import net.activationserver.network.entity.Mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final Mac MAC = Mac.parse("00:50:56:ab:cd:ef").orElseThrow();

    private final String token = InstanceTokens.newToken();

    private Instance newInstance() {
        return new Instance(MAC, Platform.VMWARE, "lm-edge-1", "7.2.59.0", "VLM-MAX", InstanceTokens.hash(token), 7L, T0);
    }

    private static void assertDeregistered(org.junit.jupiter.api.function.Executable call) {
        DeregisteredException e = assertThrows(DeregisteredException.class, call);
        assertEquals(ProblemCode.ASL_DEREGISTERED, e.code());
        assertEquals(410, e.status());
    }

    // ---- a new instance ----

    @Test
    void newInstanceIsActiveAndHoldsASeat() {
        Instance instance = newInstance();
        assertEquals(InstanceStatus.ACTIVE, instance.status());
        assertTrue(instance.holdsSeat());
        assertEquals("00:50:56:AB:CD:EF", instance.mac());
        assertEquals(Platform.VMWARE, instance.platform());
        assertEquals("lm-edge-1", instance.hostname());
        assertEquals("7.2.59.0", instance.build());
        assertEquals("VLM-MAX", instance.licenseType());
        assertEquals(T0, instance.activatedAt());
        assertEquals(T0, instance.lastHeartbeatAt());
        assertNull(instance.endedAt());
        assertEquals(7L, instance.networkId());
    }

    @Test
    void instancesGetDistinctUuidIds() {
        String a = newInstance().id();
        String b = newInstance().id();
        assertNotEquals(a, b);
        assertTrue(Pattern.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", a), a);
    }

    // ---- relicense ----

    @Test
    void relicenseChangesTheType() {
        Instance instance = newInstance();
        instance.relicense("VLM-5000G");
        assertEquals("VLM-5000G", instance.licenseType());
        assertTrue(instance.holdsSeat());
    }

    @Test
    void reactivateKeepsTheSeatAndReplacesTheToken() {
        Instance instance = newInstance();
        String newToken = InstanceTokens.newToken();
        instance.reactivate(Platform.KVM, null, null, InstanceTokens.hash(newToken), T0.plusSeconds(30));
        assertTrue(instance.tokenMatches(InstanceTokens.hash(newToken)));
        assertFalse(instance.tokenMatches(InstanceTokens.hash(token)), "the old token stops working");
        assertEquals(Platform.KVM, instance.platform());
        assertEquals("lm-edge-1", instance.hostname());
        assertEquals("7.2.59.0", instance.build());
        assertEquals(T0.plusSeconds(30), instance.lastHeartbeatAt());
        assertEquals(InstanceStatus.ACTIVE, instance.status());
    }

    // ---- end ----

    @Test
    void deregisteringClearsTheSeat() {
        Instance instance = newInstance();
        Instant end = T0.plusSeconds(3600);
        instance.end(InstanceStatus.DEREGISTERED, end);
        assertEquals(InstanceStatus.DEREGISTERED, instance.status());
        assertFalse(instance.holdsSeat());
        assertEquals(end, instance.endedAt());
        assertNull(instance.networkId(), "the instance leaves its network");
        assertEquals("00:50:56:AB:CD:EF", instance.mac(), "the MAC stays on record");
        assertEquals("VLM-MAX", instance.licenseType());
    }

    @Test
    void releasingClearsTheSeat() {
        Instance instance = newInstance();
        instance.end(InstanceStatus.RELEASED, T0.plusSeconds(60));
        assertEquals(InstanceStatus.RELEASED, instance.status());
        assertFalse(instance.holdsSeat());
        DeregisteredException e = assertThrows(DeregisteredException.class, instance::requireSeat);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = InstanceStatus.class, names = {"DEREGISTERED", "RELEASED"})
    void anEndedInstanceRefusesEverything(InstanceStatus finalStatus) {
        Instance instance = newInstance();
        Instant end = T0.plusSeconds(60);
        instance.end(finalStatus, end);

        assertDeregistered(() -> instance.relicense("VLM-5000G"));
        assertDeregistered(() -> instance.end(InstanceStatus.DEREGISTERED, T0.plusSeconds(180)));
        assertDeregistered(() -> instance.reactivate(Platform.VMWARE, null, null, InstanceTokens.hash(token), T0.plusSeconds(180)));
        assertDeregistered(instance::requireSeat);

        // and nothing changed
        assertEquals(finalStatus, instance.status());
        assertEquals(end, instance.endedAt());
        assertEquals(T0, instance.lastHeartbeatAt());
        assertEquals("VLM-MAX", instance.licenseType());
        assertEquals("7.2.59.0", instance.build());
    }

    @ParameterizedTest
    @EnumSource(value = InstanceStatus.class, names = {"ACTIVE", "STALE"})
    void endWithAStatusThatHoldsASeatIsRefused(InstanceStatus status) {
        Instance instance = newInstance();
        assertThrows(IllegalArgumentException.class, () -> instance.end(status, T0.plusSeconds(60)));
        assertTrue(instance.holdsSeat());
        assertNull(instance.endedAt());
    }

    @Test
    void statusesThatHoldASeat() {
        assertTrue(InstanceStatus.ACTIVE.holdsSeat());
        assertTrue(InstanceStatus.STALE.holdsSeat());
        assertFalse(InstanceStatus.RELEASED.holdsSeat());
        assertFalse(InstanceStatus.DEREGISTERED.holdsSeat());
    }

    // ---- tokens ----

    @Test
    void tokenMatchesComparesHashes() {
        Instance instance = newInstance();
        assertTrue(instance.tokenMatches(InstanceTokens.hash(token)));
        assertFalse(instance.tokenMatches(token), "the raw token is not its hash");
        assertFalse(instance.tokenMatches(InstanceTokens.hash(InstanceTokens.newToken())));
        assertFalse(instance.tokenMatches(InstanceTokens.hash(token + "x")));
        assertFalse(instance.tokenMatches(null));
        assertFalse(instance.tokenMatches(""));
    }

    @Test
    void newTokensAre43CharactersOfBase64UrlAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String t = InstanceTokens.newToken();
            assertTrue(Pattern.matches("[A-Za-z0-9_-]{43}", t), t);
            assertTrue(seen.add(t), "token repeated: " + t);
        }
    }

    @Test
    void hashIsLowercaseHexSha256() {
        // SHA-256("abc"), FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", InstanceTokens.hash("abc"));
        assertEquals(InstanceTokens.hash(token), InstanceTokens.hash(token));
        assertNotEquals(InstanceTokens.hash(token), InstanceTokens.hash(InstanceTokens.newToken()));
    }

    @Test
    void fromAuthorizationReadsBearerTokens() {
        assertEquals("X", InstanceTokens.fromAuthorization("Bearer X"));
        assertEquals("X", InstanceTokens.fromAuthorization("bearer X"));
        assertEquals("X", InstanceTokens.fromAuthorization("BEARER X"));
        assertEquals(token, InstanceTokens.fromAuthorization("Bearer " + token));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Basic X", "Bearer ", "Bearer", "Bearer    ", "BearerX", "Token X", "X"})
    void fromAuthorizationRefusesOtherHeaders(String header) {
        assertNull(InstanceTokens.fromAuthorization(header));
    }

    @Test
    void fromAuthorizationRefusesOverlongTokens() {
        assertNull(InstanceTokens.fromAuthorization("Bearer " + "a".repeat(201)));
    }
}
