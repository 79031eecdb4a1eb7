package net.activationserver.network.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import net.activationserver.server.entity.InvalidRequestException;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An appliance added to a network by hand: up and managed here, but licensed elsewhere (the seed's green icon).
 * It holds no seat; removing it only takes it off the network.
 */
@Entity
@Table(name = "appliance")
public class Appliance {

    public static final int NAME_MAX = 100;

    @Id
    private String id;

    @Column(name = "network_id", nullable = false)
    private long networkId;

    @Column(nullable = false)
    private String name;

    private String mac;

    @Column(name = "access_address", nullable = false)
    private String accessAddress;

    @Column(name = "access_port", nullable = false)
    private int accessPort;

    /** AES-GCM ciphertext (server.control.SecretCipher), never the password. */
    @Column(name = "access_password")
    private String accessPassword;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Appliance() {
    }

    public Appliance(long networkId, String name, Mac mac, Access access, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.networkId = networkId;
        this.name = validName(name);
        this.mac = mac == null ? null : mac.value();
        changeAccess(access);
        this.createdAt = now;
    }

    public void changeAccess(Access access) {
        Access complete = Objects.requireNonNull(access).complete();
        this.accessAddress = complete.address();
        this.accessPort = complete.port();
    }

    /** A sealed password (server.control.SecretCipher), or null to forget the stored one. */
    public void changeSealedPassword(String sealed) {
        this.accessPassword = sealed;
    }

    public void moveTo(long networkId) {
        this.networkId = networkId;
    }

    public static String validName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > NAME_MAX || stripped.chars().anyMatch(Character::isISOControl)) {
            throw InvalidRequestException.field("name", "must be 1 to " + NAME_MAX + " characters");
        }
        return stripped;
    }

    public String id() {
        return id;
    }

    public long networkId() {
        return networkId;
    }

    public String name() {
        return name;
    }

    public String mac() {
        return mac;
    }

    public String accessAddress() {
        return accessAddress;
    }

    public int accessPort() {
        return accessPort;
    }

    public String sealedPassword() {
        return accessPassword;
    }
}
