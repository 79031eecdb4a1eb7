package net.activationserver.events.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.server.entity.Notice;

/**
 * A receiver of webhooks: its URL, the event types it takes, and its signing secret (Standard Webhooks,
 * {@code whsec_} and the Base64 of 24 random bytes), stored sealed by the caller. Disabled after failing too long.
 */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint {

    public static final int URL_MAX = 2000;
    public static final int DESCRIPTION_MAX = 500;
    /** Every event type. */
    public static final String ALL = "*";
    /** SQL: the endpoint row {@code w} takes the event row {@code e}; {@link #takes} in Java. */
    public static final String TAKES_SQL = "w.enabled AND (w.events = '" + ALL + "' OR FIND_IN_SET(e.type, w.events) > 0)";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    private String id;

    @Column(nullable = false)
    private String url;

    private String description;

    @Column(nullable = false)
    private String events;

    @Column(nullable = false)
    private String secret;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "disabled_at")
    private Instant disabledAt;

    @Column(name = "disabled_reason")
    private String disabledReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Version
    private long version;

    protected WebhookEndpoint() {
    }

    /** @param sealedSecret the secret as stored (sealed with the secrets key, the endpoint's id as context) */
    public WebhookEndpoint(String id, String url, String description, List<String> events, String sealedSecret, String createdBy, Instant now) {
        this.id = id;
        this.url = validUrl(url);
        this.description = description == null || description.isBlank() ? null : description.strip();
        this.events = String.join(",", validEvents(events));
        this.secret = sealedSecret;
        this.enabled = true;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A new signing secret in the Standard Webhooks form. */
    public static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** An absolute http or https URL with a host, no user information and no fragment. */
    public static String validUrl(String url) {
        String problem = "must be an absolute http:// or https:// URL with a host, of at most " + URL_MAX + " characters";
        if (url == null || url.isBlank() || url.length() > URL_MAX) {
            throw InvalidRequestException.field("url", problem);
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())
                    || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                throw InvalidRequestException.field("url", problem);
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw InvalidRequestException.field("url", problem);
        }
    }

    /** Known event types, each once, or {@value #ALL} alone. */
    public static List<String> validEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw InvalidRequestException.field("events", "must name at least one event type, or \"*\" for all");
        }
        Set<String> unique = new LinkedHashSet<>(events);
        if (unique.contains(ALL)) {
            if (unique.size() > 1) {
                throw InvalidRequestException.field("events", "\"*\" (every type) stands alone");
            }
            return List.of(ALL);
        }
        List<String> known = Notice.Type.subscribable();
        List<String> unknown = unique.stream().filter(event -> !known.contains(event)).toList();
        if (!unknown.isEmpty()) {
            throw InvalidRequestException.field("events", "unknown event type " + String.join(", ", unknown) + " (known: " + String.join(", ", known) + ")");
        }
        return List.copyOf(unique);
    }

    /** Whether events of this type are sent here; {@link #TAKES_SQL} in SQL. */
    public boolean takes(String type) {
        return enabled && (events.equals(ALL) || Arrays.asList(events.split(",")).contains(type));
    }

    /** No more deliveries; those queued are abandoned by the caller. */
    public void disable(Instant now, String reason) {
        enabled = false;
        disabledAt = now;
        disabledReason = reason;
    }

    public String id() {
        return id;
    }

    public String url() {
        return url;
    }

    public String description() {
        return description;
    }

    public List<String> events() {
        return List.of(events.split(","));
    }

    public String sealedSecret() {
        return secret;
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant disabledAt() {
        return disabledAt;
    }

    public String disabledReason() {
        return disabledReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }
}
