package net.activationserver.activation.boundary;

import net.activationserver.server.entity.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Where a page of instances ended: an opaque, URL-safe token of (last heartbeat, id). */
public record PageCursor(Instant lastHeartbeatAt, String id) {

    public static PageCursor of(Instant lastHeartbeatAt, String id) {
        return new PageCursor(lastHeartbeatAt, id);
    }

    public String encode() {
        String plain = lastHeartbeatAt.getEpochSecond() + "." + lastHeartbeatAt.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    public static PageCursor decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\.", 3);
            return new PageCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
        } catch (RuntimeException e) {
            throw InvalidRequestException.field("after", "is not a cursor this server handed out");
        }
    }
}
