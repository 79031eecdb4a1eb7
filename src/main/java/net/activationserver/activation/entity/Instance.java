package net.activationserver.activation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Formula;
import net.activationserver.licensing.entity.Platform;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import net.activationserver.network.entity.Mac;

/** One appliance known to the server: its MAC, platform, license type and where it stands. */
@Entity
@Table(name = "instance")
@NamedQuery(name = Instance.BY_SEAT_MAC, query = "SELECT i FROM Instance i WHERE i.seatMac = :mac")
@NamedQuery(name = Instance.HEARTBEAT, query = "UPDATE Instance i SET i.lastHeartbeatAt = :now, i.build = COALESCE(:build, i.build), i.version = i.version + 1 "
        + "WHERE i.id = :id AND i.status = net.activationserver.activation.entity.InstanceStatus.ACTIVE AND (CASE WHEN "
        + SweepMark.FLAGGED + " THEN TRUE ELSE FALSE END) = :stale")
@NamedQuery(name = Instance.HEARTBEAT_RENEWED, query = "UPDATE Instance i SET i.lastHeartbeatAt = :now, i.build = COALESCE(:build, i.build), "
        + "i.lease = :lease, i.leaseExpiresAt = :leaseExpiresAt, i.version = i.version + 1 "
        + "WHERE i.id = :id AND i.status = net.activationserver.activation.entity.InstanceStatus.ACTIVE AND (CASE WHEN "
        + SweepMark.FLAGGED + " THEN TRUE ELSE FALSE END) = :stale")
public class Instance {

    public static final String BY_SEAT_MAC = "Instance.bySeatMac";
    /**
     * JPQL: the instance {@code i} holds a seat ({@link InstanceStatus#holdsSeat}): its stored status is ACTIVE, since
     * STALE is an ACTIVE instance silent since before the sweep's mark ({@link SweepMark}).
     */
    public static final String HOLDS_SEAT = "i.status = net.activationserver.activation.entity.InstanceStatus.ACTIVE";
    /**
     * The heartbeat: one single-row update by primary key, only if the instance is still ACTIVE and still as it was read:
     * STALE if it was read STALE ({@code :stale}, it is resuming: only one heartbeat does), not STALE otherwise.
     */
    public static final String HEARTBEAT = "Instance.heartbeat";
    public static final String HEARTBEAT_RENEWED = "Instance.heartbeatRenewed";

    /** What a heartbeat needs to know, read without loading the entity. */
    public record Beat(InstanceStatus status, String tokenHash, String mac, String licenseType, String lease, Instant leaseExpiresAt,
                       boolean nonceSeen, Long networkId) {

        /** The row of the heartbeat read ({@code activation.control.Beats}); times are stored as UTC. */
        public static Beat of(java.sql.ResultSet row) throws java.sql.SQLException {
            java.time.LocalDateTime leaseExpiresAt = row.getObject(6, java.time.LocalDateTime.class);
            return new Beat(Instance.status(InstanceStatus.valueOf(row.getString(1)), row.getBoolean(8)), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                    leaseExpiresAt == null ? null : leaseExpiresAt.toInstant(java.time.ZoneOffset.UTC), row.getBoolean(7), row.getObject(9, Long.class));
        }

        public boolean tokenMatches(String presentedHash) {
            return presentedHash != null && MessageDigest.isEqual(
                    tokenHash.getBytes(StandardCharsets.US_ASCII), presentedHash.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** STALE is an ACTIVE instance silent since before the sweep's mark ({@link SweepMark}). */
    static InstanceStatus status(InstanceStatus stored, boolean flagged) {
        return stored == InstanceStatus.ACTIVE && flagged ? InstanceStatus.STALE : stored;
    }

    @Id
    private String id;

    @Column(nullable = false)
    private String mac;

    /** The MAC while this instance holds a seat, null otherwise; unique, so one MAC holds one seat. */
    @Column(name = "seat_mac")
    private String seatMac;

    /** The MAC this instance had before it was replaced (its appliance's MAC changed), or null. */
    @Column(name = "replaced_mac")
    private String replacedMac;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Platform platform;

    private String hostname;

    private String build;

    @Column(name = "license_type", nullable = false)
    private String licenseType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private InstanceStatus status;

    @Column(name = "activated_at", nullable = false)
    private Instant activatedAt;

    @Column(name = "last_heartbeat_at", nullable = false)
    private Instant lastHeartbeatAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "token_hash", nullable = false)
    private String tokenHash;

    /** The lease last issued (a JWS), handed out again until it is due for renewal. */
    private String lease;

    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;

    /** The expiry sweep that last changed the status (see sql/V2). */
    @Column(name = "sweep_id")
    private String sweepId;

    @Column(name = "network_id")
    private Long networkId;

    @Column(name = "access_address")
    private String accessAddress;

    @Column(name = "access_port")
    private Integer accessPort;

    /** AES-GCM ciphertext (server.control.SecretCipher), never the password. */
    @Column(name = "access_password")
    private String accessPassword;

    @Version
    private long version;

    /** Whether it is STALE if ACTIVE ({@link SweepMark}), as read with the row. */
    @Formula(SweepMark.FLAGGED_FORMULA)
    private boolean flagged;

    protected Instance() {
    }

    public Instance(Mac mac, Platform platform, String hostname, String build, String licenseType, String tokenHash,
                    Long networkId, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.mac = Objects.requireNonNull(mac).value();
        this.seatMac = this.mac;
        this.platform = Objects.requireNonNull(platform);
        this.hostname = hostname;
        this.build = build;
        this.licenseType = Objects.requireNonNull(licenseType);
        this.tokenHash = Objects.requireNonNull(tokenHash);
        this.networkId = networkId;
        this.status = InstanceStatus.ACTIVE;
        this.activatedAt = now;
        this.lastHeartbeatAt = now;
    }

    /** The same appliance activating again (a reinstall): it keeps its seat and gets a new token. */
    public void reactivate(Platform platform, String hostname, String build, String tokenHash, Instant now) {
        requireSeat();
        this.platform = platform;
        if (hostname != null) {
            this.hostname = hostname;
        }
        if (build != null) {
            this.build = build;
        }
        this.tokenHash = tokenHash;
        this.status = InstanceStatus.ACTIVE;
        this.flagged = false;
        this.lastHeartbeatAt = now;
    }

    /**
     * The appliance's MAC changed (new NIC, clone, rebuilt host): the seat, network, access settings and history stay
     * with this instance, under the new MAC; the old MAC is remembered, and the old token replaced.
     */
    public void replaceMac(Mac newMac, String tokenHash) {
        requireSeat();
        this.replacedMac = this.mac;
        this.mac = Objects.requireNonNull(newMac).value();
        this.seatMac = this.mac;
        this.tokenHash = Objects.requireNonNull(tokenHash);
    }

    public String replacedMac() {
        return replacedMac;
    }

    public void relicense(String newType) {
        requireSeat();
        this.licenseType = Objects.requireNonNull(newType);
    }

    /** Deregistered (Kill or admin) or released: the seat is given up and the instance leaves its network. */
    public void end(InstanceStatus finalStatus, Instant now) {
        if (finalStatus.holdsSeat()) {
            throw new IllegalArgumentException("not a final status: " + finalStatus);
        }
        requireSeat();
        this.status = finalStatus; // no longer ACTIVE: a flag read with the row no longer makes it STALE
        this.seatMac = null;
        this.networkId = null;
        this.endedAt = now;
    }

    /** The admin's way in to the appliance (Networks, "Edit LoadMaster"): address and port, either may be null. */
    public void changeAccess(String address, Integer port) {
        requireSeat();
        this.accessAddress = address;
        this.accessPort = port;
    }

    /** A sealed access password (server.control.SecretCipher), or null to forget the stored one. */
    public void changeSealedAccessPassword(String sealed) {
        requireSeat();
        this.accessPassword = sealed;
    }

    /** Moves the appliance to another network; only while it holds a seat (the others are in no network). */
    public void moveTo(long networkId) {
        requireSeat();
        this.networkId = networkId;
    }

    /** A new lease was signed for this instance. */
    public void leased(String jws, Instant expiresAt) {
        this.lease = jws;
        this.leaseExpiresAt = expiresAt;
    }

    public void requireSeat() {
        if (!status.holdsSeat()) {
            throw new DeregisteredException(id, status);
        }
    }

    public boolean tokenMatches(String presentedHash) {
        return new Beat(status, tokenHash, mac, licenseType, lease, leaseExpiresAt, false, networkId).tokenMatches(presentedHash);
    }

    public boolean holdsSeat() {
        return status.holdsSeat();
    }

    public String id() {
        return id;
    }

    public String mac() {
        return mac;
    }

    public Platform platform() {
        return platform;
    }

    public String hostname() {
        return hostname;
    }

    public String build() {
        return build;
    }

    public String licenseType() {
        return licenseType;
    }

    public InstanceStatus status() {
        return status(status, flagged);
    }

    public Instant activatedAt() {
        return activatedAt;
    }

    public Instant lastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public Long networkId() {
        return networkId;
    }

    public String accessAddress() {
        return accessAddress;
    }

    public Integer accessPort() {
        return accessPort;
    }

    public String sealedAccessPassword() {
        return accessPassword;
    }
}
