package net.activationserver.activation.boundary;

import net.activationserver.activation.entity.InstanceStatus;

import java.util.Locale;

/**
 * What the console's instance table is filtered by, each part optional: a status, a license type, and either a whole MAC
 * (one lookup on the MAC index) or a piece of text found anywhere in the host name (ignoring case) or the MAC (a scan:
 * docs/DECISIONS.md, "Console polish").
 */
public record InstanceSearch(InstanceStatus status, String licenseType, String mac, String text) {

    /** Nothing filtered. */
    public static final InstanceSearch ALL = new InstanceSearch(null, null, null, null);

    /** The LIKE pattern of the text in a host name, lower case ('!' escapes the pattern's own characters). */
    String hostnamePattern() {
        return "%" + escape(text.toLowerCase(Locale.ROOT)) + "%";
    }

    /** The LIKE pattern of the text in a MAC (stored upper case with colons): dashes read as colons. */
    String macPattern() {
        return "%" + escape(text.toUpperCase(Locale.ROOT).replace('-', ':')) + "%";
    }

    private static String escape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
