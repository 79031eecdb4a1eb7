package net.activationserver.events.boundary;

import java.util.List;

/**
 * A webhook endpoint as the admin API and the console show it: never its secret, which only the answer to its
 * creation carries ({@code secret}, null everywhere else).
 * @param failingSince since when every delivery fails, or null
 * @param pending deliveries waiting
 */
public record WebhookView(String id, String url, String description, List<String> events, boolean enabled, String disabledAt,
        String disabledReason, String createdAt, String createdBy, String failingSince, long pending, String secret) {
}
