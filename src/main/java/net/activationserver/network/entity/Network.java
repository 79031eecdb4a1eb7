package net.activationserver.network.entity;

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
