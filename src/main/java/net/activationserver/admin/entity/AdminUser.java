package net.activationserver.admin.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

@Entity
@Table(name = "admin_user")
public class AdminUser {

    @Id
    private String username;

    /** Pbkdf2PasswordHash output: algorithm, iterations, salt and hash; never the password. */
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Bumped by every change that must end this account's sign-ins on every node: role, enabled, password reset. */
    @Column(name = "access_version", nullable = false)
    private long accessVersion;

    @Version
    private long version;

    protected AdminUser() {
    }

    public AdminUser(String username, String passwordHash, Role role, Instant now) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = now;
    }

    public String username() {
        return username;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Role role() {
        return role;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public boolean enabled() {
        return enabled;
    }

    public long accessVersion() {
        return accessVersion;
    }

    /** A new role or enabled state: the account's sign-ins end everywhere (it signs in again, under the new rules). */
    public void changeAccess(Role role, boolean enabled) {
        if (this.role != role || this.enabled != enabled) {
            this.role = role;
            this.enabled = enabled;
            accessVersion++;
        }
    }

    /** A reset password: the account's sign-ins end everywhere. */
    public void resetPassword(String passwordHash) {
        this.passwordHash = passwordHash;
        accessVersion++;
    }

    /** The same password under stronger hashing parameters: nothing else changes, no sign-in ends. */
    public void rehash(String passwordHash) {
        this.passwordHash = passwordHash;
    }
}
