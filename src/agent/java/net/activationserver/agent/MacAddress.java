package net.activationserver.agent;

import java.util.Locale;
import java.util.regex.Pattern;

/** MAC addresses as API.md writes them: 00:50:56:ab:cd:ef, 00-50-56-AB-CD-EF or 005056abcdef; canonical is upper-case with colons. */
public final class MacAddress {

    private static final Pattern COLONS = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    private static final Pattern DASHES = Pattern.compile("[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}");
    private static final Pattern BARE = Pattern.compile("[0-9A-Fa-f]{12}");

    private MacAddress() {
    }

    /** The canonical form, or IllegalArgumentException naming the accepted forms. */
    public static String canonical(String text) {
        String hex;
        String trimmed = text == null ? "" : text.strip();
        if (COLONS.matcher(trimmed).matches() || DASHES.matcher(trimmed).matches()) {
            hex = trimmed.replace(":", "").replace("-", "");
        } else if (BARE.matcher(trimmed).matches()) {
            hex = trimmed;
        } else {
            throw new IllegalArgumentException("not a MAC address: '" + text
                    + "' (six hex octets: 00:50:56:AB:CD:EF, 00-50-56-AB-CD-EF or 005056ABCDEF)");
        }
        return format(hex.toUpperCase(Locale.ROOT));
    }

    /** The MAC {@code prefix} (three octets, any accepted separator) followed by the 24 low bits of {@code index}. */
    public static String numbered(String prefix, long index) {
        String head = prefix.strip().replace(":", "").replace("-", "");
        if (!head.matches("[0-9A-Fa-f]{6}")) {
            throw new IllegalArgumentException("a MAC prefix is three hex octets, e.g. 02:AB:CD");
        }
        return format((head + String.format(Locale.ROOT, "%06X", index & 0xFFFFFF)).toUpperCase(Locale.ROOT));
    }

    private static String format(String hex) {
        StringBuilder canonical = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                canonical.append(':');
            }
            canonical.append(hex, i, i + 2);
        }
        return canonical.toString();
    }
}
