package net.activationserver.network.entity;

import java.time.Duration;
import java.util.Optional;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import net.activationserver.server.entity.ConflictException;
import net.activationserver.server.entity.InvalidRequestException;

import java.time.Instant;

/** A named group of appliances ("All Networks"). The default one, where activated appliances go, is never deleted. */
@Entity
@Table(name = "network")
public class Network {

    public static final int NAME_MAX = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "is_default", nullable = false)
    private boolean isDefault;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Seats of this network's appliances are released after this much silence, if sooner than the server's setting. */
    @Column(name = "release_after_seconds")
    private Long releaseAfterSeconds;

    @Version
    private long version;

    protected Network() {
    }

    public Network(String name, Instant now) {
        this.name = validName(name);
        this.isDefault = false;
        this.createdAt = now;
    }

    public void rename(String newName) {
        this.name = validName(newName);
    }

    /** Only networks other than the default one may be deleted (their appliances move to the default network). */
    public void requireDeletable() {
        if (isDefault) {
            throw new ConflictException("Network " + name + " is the default network, where activated appliances go: it cannot be deleted.");
        }
    }

    /** A name of 1 to 100 characters, without control characters, surrounding blanks removed. */
    public static String validName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > NAME_MAX || stripped.chars().anyMatch(Character::isISOControl)) {
            throw InvalidRequestException.field("name", "must be 1 to " + NAME_MAX + " characters");
        }
        return stripped;
    }

    /** The shortest a network's release may be, and the longest (ten years). */
    public static final Duration RELEASE_MIN = Duration.ofMinutes(1);
    public static final Duration RELEASE_MAX = Duration.ofDays(3650);

    /** Sets (or with null, clears) how soon this network's appliances lose their seats after falling silent. */
    public void releaseAfter(Duration releaseAfter) {
        if (releaseAfter != null && (releaseAfter.compareTo(RELEASE_MIN) < 0 || releaseAfter.compareTo(RELEASE_MAX) > 0)) {
            throw InvalidRequestException.field("releaseAfter", "must be from PT1M to P3650D, or null for the server's setting");
        }
        this.releaseAfterSeconds = releaseAfter == null ? null : releaseAfter.getSeconds();
    }

    public Optional<Duration> releaseAfter() {
        return Optional.ofNullable(releaseAfterSeconds).map(Duration::ofSeconds);
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean isDefault() {
        return isDefault;
    }
}
