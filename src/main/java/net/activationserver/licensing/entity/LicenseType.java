package net.activationserver.licensing.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A license type of the pool, with its seats summed over the installed unexpired files.
 * The row with code {@value #INSTANCE_LIMIT} holds the global instance limit.
 */
@Entity
@Table(name = "license_type")
public class LicenseType {

    public static final String INSTANCE_LIMIT = "*";

    @Id
    private String code;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String platforms;

    @Column(nullable = false)
    private int seats;

    @Version
    private long version;

    protected LicenseType() {
    }

    public LicenseType(String code) {
        this.code = Objects.requireNonNull(code);
        this.name = code;
        this.platforms = "";
    }

    /** A type as a query of its columns read it: a value, not managed by any persistence context. */
    public static LicenseType read(String code, String name, String platforms, int seats) {
        LicenseType type = new LicenseType(code);
        type.name = Objects.requireNonNull(name);
        type.platforms = Objects.requireNonNull(platforms);
        type.seats = seats;
        return type;
    }

    public void define(String name, List<Platform> platforms, int seats) {
        this.name = name;
        this.platforms = platforms.stream().map(Enum::name).collect(Collectors.joining(","));
        this.seats = seats;
    }

    public boolean offeredOn(Platform platform) {
        return seats > 0 && platforms().contains(platform);
    }

    public List<Platform> platforms() {
        return platforms.isEmpty() ? List.of() : Arrays.stream(platforms.split(",")).map(Platform::valueOf).toList();
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public int seats() {
        return seats;
    }
}
