package net.activationserver.network.entity;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A MAC address in its one canonical form, upper-case hex octets joined by colons.
 * Accepts {@code 00:50:56:ab:cd:ef}, {@code 00-50-56-AB-CD-EF} and {@code 005056abcdef}; refuses mixed
 * separators, the all-zero address and group (multicast or broadcast) addresses, which no appliance NIC has.
 */
public record Mac(String value) {

    private static final Pattern COLONS = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    private static final Pattern DASHES = Pattern.compile("[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}");
    private static final Pattern BARE = Pattern.compile("[0-9A-Fa-f]{12}");

    public Mac {
        if (value == null || !COLONS.matcher(value).matches() || !value.equals(value.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a canonical MAC: " + value);
        }
    }

    public static Optional<Mac> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String hex;
        if (COLONS.matcher(text).matches() || DASHES.matcher(text).matches()) {
            hex = text.replace(":", "").replace("-", "");
        } else if (BARE.matcher(text).matches()) {
            hex = text;
        } else {
            return Optional.empty();
        }
        hex = hex.toUpperCase(Locale.ROOT);
        if (hex.equals("000000000000") || (Integer.parseInt(hex.substring(0, 2), 16) & 1) == 1) {
            return Optional.empty();
        }
        StringBuilder canonical = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                canonical.append(':');
            }
            canonical.append(hex, i, i + 2);
        }
        return Optional.of(new Mac(canonical.toString()));
    }

    @Override
    public String toString() {
        return value;
    }
}
