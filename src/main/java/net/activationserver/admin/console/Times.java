package net.activationserver.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Shows the facades' ISO-8601 instants on console pages as {@code yyyy-MM-dd HH:mm:ss} UTC. */
@Named
@ApplicationScoped
public class Times {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public String at(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "";
        }
        try {
            return SHOWN.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    public String instant(Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }
}
