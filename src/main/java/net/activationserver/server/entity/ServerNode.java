package net.activationserver.server.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/**
 * One server node as it last recorded itself. Each node writes only its own row (an upsert by name on a timer),
 * so the row needs no version: nothing else updates it.
 */
@Entity
@Table(name = "node")
public class ServerNode {

    /** A node not seen for this many refresh periods is shown DOWN. */
    public static final int MISSED_REFRESHES = 3;

    @Id
    private String name;

    @Column(nullable = false)
    private String address;

    @Column(nullable = false)
    private String version;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    protected ServerNode() {
    }

    /** Down when not seen for {@link #MISSED_REFRESHES} refresh periods. */
    public boolean downAt(Instant now, Duration refresh) {
        return lastSeenAt.plus(refresh.multipliedBy(MISSED_REFRESHES)).isBefore(now);
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    public String version() {
        return version;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }
}
