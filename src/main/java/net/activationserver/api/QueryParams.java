package net.activationserver.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import net.activationserver.server.entity.InvalidRequestException;

/** Query parameters read strictly: a bad value is ASL_INVALID_REQUEST naming the parameter. */
public final class QueryParams {

    private QueryParams() {
    }

    public static int whole(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InvalidRequestException.field(name, "must be a whole number from " + min + " to " + max);
    }

    public static Long optionalLong(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw InvalidRequestException.field(name, "must be a whole number");
        }
    }

    public static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.field(name, "must be an RFC 3339 time such as 2026-11-01T00:00:00Z");
        }
    }

    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
