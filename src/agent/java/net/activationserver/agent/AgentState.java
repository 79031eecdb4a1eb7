package net.activationserver.agent;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one appliance keeps between runs: its server addresses (with the last that answered and the CA file that
 * https:// addresses are verified against), what it is (platform, build, MAC, host name, appliance key), and once
 * activated its instance id, token, license type and newest lease.
 * A JSON file, readable only by its owner, replaced atomically (temporary file in the same directory, fsync,
 * ATOMIC_MOVE), so a crash leaves either the old or the new state, never half of one.
 */
public final class AgentState {

    public List<String> servers = new ArrayList<>();
    public String lastServer;
    /** The --ca-file (absolute path) that https:// servers are verified against; null: the system trust store. */
    public String caFile;
    public String platform;
    public String build;
    public String mac;
    public String hostname;
    public String applianceKey;

    public String instanceId;
    public String instanceToken;
    public String licenseType;
    public String status;
    public String lease;
    public Instant leaseExpiresAt;
    public Integer heartbeatIntervalSeconds;
    public Instant activatedAt;
    public Instant lastHeartbeatAt;
    public String leaseKeys;
    /** The last thing that happened to the instance, e.g. why it was cleared. */
    public String note;

    public boolean activated() {
        return instanceId != null && instanceToken != null;
    }

    /** Back to needing activation: forgets the instance, keeps the addresses and what the appliance is. */
    public void clearInstance(String why) {
        instanceId = null;
        instanceToken = null;
        licenseType = null;
        status = null;
        lease = null;
        leaseExpiresAt = null;
        activatedAt = null;
        lastHeartbeatAt = null;
        note = why;
    }

    public static AgentState load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            return new AgentState();
        }
        JsonObject json = Jsons.objectOrNull(text);
        if (json == null) {
            throw new IOException("the state file " + file + " is not a JSON object");
        }
        AgentState state = new AgentState();
        if (json.get("servers") instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString server) {
                    state.servers.add(server.getString());
                }
            }
        }
        state.lastServer = Jsons.string(json, "lastServer");
        state.caFile = Jsons.string(json, "caFile");
        state.platform = Jsons.string(json, "platform");
        state.build = Jsons.string(json, "build");
        state.mac = Jsons.string(json, "mac");
        state.hostname = Jsons.string(json, "hostname");
        state.applianceKey = Jsons.string(json, "applianceKey");
        state.instanceId = Jsons.string(json, "instanceId");
        state.instanceToken = Jsons.string(json, "instanceToken");
        state.licenseType = Jsons.string(json, "licenseType");
        state.status = Jsons.string(json, "status");
        state.lease = Jsons.string(json, "lease");
        state.leaseExpiresAt = instant(Jsons.string(json, "leaseExpiresAt"));
        Long interval = Jsons.number(json, "heartbeatIntervalSeconds");
        state.heartbeatIntervalSeconds = interval == null ? null : interval.intValue();
        state.activatedAt = instant(Jsons.string(json, "activatedAt"));
        state.lastHeartbeatAt = instant(Jsons.string(json, "lastHeartbeatAt"));
        JsonValue keys = json.get("leaseKeys");
        state.leaseKeys = keys instanceof JsonObject object ? Jsons.compact(object) : null;
        state.note = Jsons.string(json, "note");
        return state;
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Jsons.PROVIDER.createObjectBuilder();
        JsonArrayBuilder list = Jsons.PROVIDER.createArrayBuilder();
        servers.forEach(list::add);
        json.add("servers", list);
        put(json, "lastServer", lastServer);
        put(json, "caFile", caFile);
        put(json, "platform", platform);
        put(json, "build", build);
        put(json, "mac", mac);
        put(json, "hostname", hostname);
        put(json, "applianceKey", applianceKey);
        put(json, "instanceId", instanceId);
        put(json, "instanceToken", instanceToken);
        put(json, "licenseType", licenseType);
        put(json, "status", status);
        put(json, "lease", lease);
        put(json, "leaseExpiresAt", leaseExpiresAt == null ? null : leaseExpiresAt.toString());
        if (heartbeatIntervalSeconds != null) {
            json.add("heartbeatIntervalSeconds", heartbeatIntervalSeconds);
        }
        put(json, "activatedAt", activatedAt == null ? null : activatedAt.toString());
        put(json, "lastHeartbeatAt", lastHeartbeatAt == null ? null : lastHeartbeatAt.toString());
        JsonObject keys = leaseKeys == null ? null : Jsons.objectOrNull(leaseKeys);
        if (keys != null) {
            json.add("leaseKeys", keys);
        }
        put(json, "note", note);
        return json.build();
    }

    public void save(Path file) throws IOException {
        writeAtomically(file, Jsons.pretty(toJson()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code content} to a temporary file next to {@code target} (mode 600 where POSIX), forces it to disk, and
     * renames it over {@code target} with ATOMIC_MOVE. Readers see the old file or the new one, never a part.
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot replace files atomically", e);
            }
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can open a directory; the rename is atomic all the same
        }
    }

    private static void put(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
