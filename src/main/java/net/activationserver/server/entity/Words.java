package net.activationserver.server.entity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Durations as an operator reads them ("3 minutes", "30 days", "1 hour 30 minutes"), never as ISO-8601 ({@code PT3M}). */
public final class Words {

    private Words() {
    }

    /** Days, hours, minutes and seconds, largest first, zero parts left out; "0 seconds" for zero. */
    public static String duration(Duration duration) {
        long seconds = Math.abs(duration.getSeconds());
        List<String> parts = new ArrayList<>();
        add(parts, seconds / 86_400, "day");
        add(parts, seconds % 86_400 / 3_600, "hour");
        add(parts, seconds % 3_600 / 60, "minute");
        add(parts, seconds % 60, "second");
        return parts.isEmpty() ? "0 seconds" : String.join(" ", parts);
    }

    private static void add(List<String> parts, long count, String unit) {
        if (count > 0) {
            parts.add(count + " " + unit + (count == 1 ? "" : "s"));
        }
    }
}
