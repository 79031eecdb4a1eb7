package net.activationserver.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentStateTest {

    @TempDir
    Path dir;

    private static AgentState sample() {
        AgentState state = new AgentState();
        state.servers = List.of("http://h1:8080", "http://h2:8080");
        state.lastServer = "http://h2:8080";
        state.platform = "VMWARE";
        state.build = "7.2.59.0";
        state.mac = "00:50:56:AB:CD:EF";
        state.hostname = "lm-1";
        state.applianceKey = "key";
        state.instanceId = "0b6f1f6e-7a55-4c2e-9d3a-1d2b3c4d5e6f";
        state.instanceToken = "token";
        state.licenseType = "VLM-MAX";
        state.status = "ACTIVE";
        state.lease = "a.b.c";
        state.leaseExpiresAt = Instant.parse("2030-01-02T03:04:05Z");
        state.heartbeatIntervalSeconds = 60;
        state.activatedAt = Instant.parse("2026-01-01T00:00:00Z");
        state.lastHeartbeatAt = Instant.parse("2026-01-01T00:01:00Z");
        state.leaseKeys = "{\"keys\":[]}";
        return state;
    }

    @Test
    void aSavedStateReadsBackTheSame() throws Exception {
        Path file = dir.resolve("asl-agent.json");
        sample().save(file);
        AgentState read = AgentState.load(file);
        assertEquals(sample().toJson(), read.toJson());
        assertEquals(List.of("http://h1:8080", "http://h2:8080"), read.servers);
        assertEquals(Instant.parse("2030-01-02T03:04:05Z"), read.leaseExpiresAt);
        assertEquals(60, read.heartbeatIntervalSeconds);
        assertTrue(read.activated());
    }

    @Test
    void aMissingFileIsAnEmptyState() throws Exception {
        AgentState state = AgentState.load(dir.resolve("none.json"));
        assertFalse(state.activated());
        assertTrue(state.servers.isEmpty());
    }

    @Test
    void clearingTheInstanceKeepsWhatTheApplianceIs() throws Exception {
        AgentState state = sample();
        state.clearInstance("deregistered");
        Path file = dir.resolve("s.json");
        state.save(file);
        AgentState read = AgentState.load(file);
        assertFalse(read.activated());
        assertNull(read.lease);
        assertNull(read.leaseExpiresAt);
        assertEquals("00:50:56:AB:CD:EF", read.mac);
        assertEquals("key", read.applianceKey);
        assertEquals("deregistered", read.note);
        assertEquals(2, read.servers.size());
    }

    @Test
    void theWriteReplacesTheFileLeavesNoTemporaryFileAndOnlyTheOwnerMayReadIt() throws Exception {
        Path file = dir.resolve("asl-agent.json");
        Files.writeString(file, "old");
        AgentState.writeAtomically(file, "{\"new\":true}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"new\":true}", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void readersNeverSeeAHalfWrittenState() throws Exception {
        Path file = dir.resolve("asl-agent.json");
        AgentState state = sample();
        state.note = "x".repeat(200_000);
        state.save(file);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    AgentState read = AgentState.load(file);
                    if (read.note == null || read.note.length() != 200_000) {
                        torn.incrementAndGet();
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    torn.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int i = 0; i < 100; i++) {
            state.note = String.valueOf((char) ('a' + i % 26)).repeat(200_000);
            state.save(file);
        }
        writing.set(false);
        reader.join();
        assertEquals(0, torn.get(), "torn reads out of " + reads.get());
        assertTrue(reads.get() > 0);
    }

    @Test
    void anUnreadableStateFileIsAnError() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "not json");
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> AgentState.load(file));
    }
}
