package net.activationserver.admin.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.server.entity.Sha256;

/**
 * An automation token of the admin API ({@code Authorization: Bearer asl_...}): a name, a role and an expiry; the token
 * itself is shown once at creation and kept only as its SHA-256. Revoked or expired, it signs nobody in.
 */
@Entity
@Table(name = "api_token")
public class ApiToken {

    public static final String PREFIX = "asl_";
    /** The longest a token may live. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(730);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "token_hash", nullable = false)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by")
    private String revokedBy;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Version
    private long version;

    protected ApiToken() {
    }

    /** @param token a token made by {@link #newToken()} */
    public ApiToken(String name, Role role, Instant expiresAt, String token, String createdBy, Instant now) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw InvalidRequestException.field("name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (role == null) {
            throw InvalidRequestException.field("role", "must be admin or viewer");
        }
        if (expiresAt == null || !expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME))) {
            throw InvalidRequestException.field("expiresAt", "must be in the future, at most " + MAX_LIFETIME.toDays() + " days ahead");
        }
        this.id = UUID.randomUUID().toString();
        this.name = name;
        this.role = role;
        this.expiresAt = expiresAt;
        this.tokenHash = hash(token);
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return Sha256.hex(token);
    }

    /** Why it signs nobody in now, or null when it does. */
    public String refusalAt(Instant now) {
        if (revokedAt != null) {
            return "The token " + name + " was revoked.";
        }
        if (!expiresAt.isAfter(now)) {
            return "The token " + name + " expired at " + expiresAt + ".";
        }
        return null;
    }

    public void revoke(String by, Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
            revokedBy = by;
        }
    }

    /** The name the audit trail and the facades know the caller by: {@code token:NAME}. */
    public String principal() {
        return "token:" + name;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }
}
