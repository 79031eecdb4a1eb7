package net.activationserver.licensing.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** An installed vendor license file: what it grants, and the signed text itself. */
@Entity
@Table(name = "entitlement")
public class Entitlement {

    @Id
    @Column(name = "license_id")
    private String licenseId;

    @Column(nullable = false)
    private String customer;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "instance_limit", nullable = false)
    private int instanceLimit;

    @Column(name = "file_text", nullable = false)
    private String fileText;

    @Column(name = "installed_at", nullable = false)
    private Instant installedAt;

    @Column(name = "installed_by", nullable = false)
    private String installedBy;

    /** The instance that handed this file in (a client-contributed license), or null for a file installed on the server. */
    @Column(name = "contributed_by")
    private String contributedBy;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "entitlement_type", joinColumns = @JoinColumn(name = "license_id"))
    private List<Grant> types = new ArrayList<>();

    @Version
    private long version;

    protected Entitlement() {
    }

    public Entitlement(LicenseFile file, String installedBy, Instant now) {
        this.licenseId = file.licenseId();
        replaceWith(file, installedBy, now);
    }

    /** A file an appliance carries and hands in: it counts while that instance lives (see Licensing#contribute). */
    public static Entitlement contributed(LicenseFile file, String instanceId, String by, Instant now) {
        Entitlement entitlement = new Entitlement(file, by, now);
        entitlement.contributedBy = instanceId;
        return entitlement;
    }

    /** The same licenseId contributed again (by that instance or another): the newest contribution holds it. */
    public void contributedAgain(LicenseFile file, String instanceId, String by, Instant now) {
        if (!contributed()) {
            throw new IllegalStateException("a file installed on the server is never replaced by a contribution");
        }
        replaceWith(file, by, now);
        this.contributedBy = instanceId;
    }

    /**
     * Installing a file with the same licenseId replaces this one; installed on the server, it no longer depends on the
     * appliance that may have contributed it.
     */
    /** The very file installed here, on the server (not carried by an appliance): installing it again changes nothing. */
    public boolean installedAs(LicenseFile file) {
        return contributedBy == null && fileText.equals(file.text());
    }

    public void replaceWith(LicenseFile file, String installedBy, Instant now) {
        this.contributedBy = null;
        if (!licenseId.equals(file.licenseId())) {
            throw new IllegalArgumentException("a file replaces only its own licenseId");
        }
        this.customer = file.customer();
        this.issuedAt = file.issuedAt();
        this.expiresAt = file.expiresAt();
        this.instanceLimit = file.instanceLimit();
        this.fileText = file.text();
        this.installedAt = now;
        this.installedBy = installedBy;
        this.types.clear();
        file.types().forEach(grant -> types.add(new Grant(grant)));
    }

    public boolean activeAt(Instant now) {
        return expiresAt.isAfter(now);
    }

    public String licenseId() {
        return licenseId;
    }

    public String customer() {
        return customer;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public int instanceLimit() {
        return instanceLimit;
    }

    public Instant installedAt() {
        return installedAt;
    }

    public String installedBy() {
        return installedBy;
    }

    public boolean contributed() {
        return contributedBy != null;
    }

    public String contributedBy() {
        return contributedBy;
    }

    public List<Grant> types() {
        return List.copyOf(types);
    }

    /** Seats of one type granted by this file. */
    @Embeddable
    public static class Grant {
        @Column(nullable = false)
        private String code;
        @Column(nullable = false)
        private String name;
        @Column(nullable = false)
        private String platforms;
        @Column(nullable = false)
        private int seats;

        protected Grant() {
        }

        Grant(LicenseFile.Grant grant) {
            this.code = grant.code();
            this.name = grant.name();
            this.platforms = grant.platforms().stream().map(Enum::name).collect(Collectors.joining(","));
            this.seats = grant.seats();
        }

        public String code() {
            return code;
        }

        public String name() {
            return name;
        }

        public List<Platform> platforms() {
            return Arrays.stream(platforms.split(",")).map(Platform::valueOf).toList();
        }

        public int seats() {
            return seats;
        }
    }
}
