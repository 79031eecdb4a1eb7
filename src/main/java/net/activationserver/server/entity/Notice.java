package net.activationserver.server.entity;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something an operator is told of (README, "Events"): fired inside the transaction of the change it reports, and kept
 * by the events component in that transaction, which sends it on (webhooks, e-mail, syslog).
 * @param appliance the appliance it concerns, or null
 * @param data what else it says, as JSON values (strings, numbers, booleans, lists), in the order given
 */
public record Notice(Type type, Instant at, Appliance appliance, Map<String, Object> data) {

    /** The event types, by their names on the wire. */
    public enum Type {
        INSTANCE_ACTIVATED("instance.activated"),
        INSTANCE_RELICENSED("instance.relicensed"),
        INSTANCE_DEREGISTERED("instance.deregistered"),
        INSTANCE_KILLED("instance.killed"),
        INSTANCE_STALE("instance.stale"),
        INSTANCE_RESUMED("instance.resumed"),
        INSTANCE_RELEASED("instance.released"),
        /** Its appliance's MAC changed: the instance moved to the new MAC. */
        INSTANCE_REPLACED("instance.replaced"),
        POOL_THRESHOLD("pool.threshold"),
        POOL_EXHAUSTED("pool.exhausted"),
        POOL_OVERAGE("pool.overage"),
        LICENSE_INSTALLED("license.installed"),
        LICENSE_REMOVED("license.removed"),
        LICENSE_EXPIRING("license.expiring"),
        LICENSE_EXPIRED("license.expired"),
        NODE_DOWN("node.down"),
        NODE_UP("node.up"),
        /** An endpoint failed for too long and no longer receives events. */
        WEBHOOK_DISABLED("webhook.disabled"),
        /** Sent to one endpoint on request (its "test" call), to no other. */
        WEBHOOK_TEST("webhook.test");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Type> of(String wire) {
            return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
        }

        /** The names an endpoint may subscribe to, in declaration order: all but {@link #WEBHOOK_TEST}, which is sent on request. */
        public static List<String> subscribable() {
            return Arrays.stream(values()).filter(t -> t != WEBHOOK_TEST).map(Type::wire).toList();
        }
    }

    /** The appliance an event concerns, by what an operator knows it by. */
    public record Appliance(String instanceId, String hostname, String mac) {
    }

    public Notice {
        Objects.requireNonNull(type);
        Objects.requireNonNull(at);
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** Several events written together (a batch of activations): one statement, as one event would be. */
    public record Batch(List<Notice> notices) {
        public Batch {
            notices = List.copyOf(notices);
        }
    }

    /** An event about an appliance. */
    public static Notice about(Type type, Instant at, String instanceId, String hostname, String mac, Map<String, Object> data) {
        return new Notice(type, at, new Appliance(instanceId, hostname, mac), data);
    }

    /** An event about no appliance. */
    public static Notice of(Type type, Instant at, Map<String, Object> data) {
        return new Notice(type, at, null, data);
    }
}
