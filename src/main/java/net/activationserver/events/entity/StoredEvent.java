package net.activationserver.events.entity;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;

/**
 * An event as kept: what webhooks, syslog and the admin API send. Its payload follows the Standard Webhooks shape:
 * {@code {"type", "timestamp", "data"}}, with the event's id beside them; {@code data} names the appliance first
 * ({@code instanceId}, {@code hostname}, {@code mac}) where there is one.
 */
public record StoredEvent(long seq, String id, String type, Instant occurredAt, String node, String instanceId, String hostname,
        String mac, String data) {

    private static final JsonProvider JSON = JsonProvider.provider();

    public JsonObject payload() {
        JsonObjectBuilder details = JSON.createObjectBuilder();
        if (instanceId != null) {
            details.add("instanceId", instanceId);
            details.add("hostname", hostname == null ? jakarta.json.JsonValue.NULL : JSON.createValue(hostname));
            details.add("mac", mac == null ? jakarta.json.JsonValue.NULL : JSON.createValue(mac));
        }
        try (jakarta.json.JsonReader reader = JSON.createReader(new StringReader(data))) {
            reader.readObject().forEach(details::add);
        }
        return JSON.createObjectBuilder()
                .add("id", id)
                .add("type", type)
                .add("timestamp", occurredAt.toString())
                .add("data", details)
                .build();
    }

    /** The payload as sent, byte for byte what the signature covers. */
    public String body() {
        return payload().toString();
    }
}
