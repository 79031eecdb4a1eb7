package net.activationserver.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Formatting for people. */
final class Text {

    private Text() {
    }

    /** "29d 23h 59m", "4m 10s", "12s", "0s". */
    static String span(Duration duration) {
        long seconds = Math.abs(duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + "d " + hours + "h " + minutes + "m";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m " + secs + "s";
        }
        if (minutes > 0) {
            return minutes + "m " + secs + "s";
        }
        return secs + "s";
    }

    /** "in 29d 23h 59m" or "4m 10s ago". */
    static String relative(Instant when, Instant now) {
        Duration left = Duration.between(now, when);
        return left.isNegative() ? span(left) + " ago" : "in " + span(left);
    }

    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    /** ISO-8601 (PT30S, P1D) or a plain number of seconds. */
    static Duration duration(String text) {
        String value = text.strip();
        if (value.matches("[0-9]+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (ISO-8601 such as PT30S or PT5M, or seconds)");
        }
    }
}
