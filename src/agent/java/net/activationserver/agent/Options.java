package net.activationserver.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** "--name value", "--name=value" and "--flag" options of one command; anything else is a usage error. */
final class Options {

    /** A bad command line (exit 2). */
    static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    static Options parse(String[] args, int from, Set<String> valued, Set<String> flagNames) {
        Options options = new Options();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new Usage("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flagNames.contains(name)) {
                if (value != null) {
                    throw new Usage("--" + name + " takes no value");
                }
                options.flags.add(name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new Usage("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                options.values.put(name, value);
            } else {
                throw new Usage("unknown option --" + name);
            }
        }
        return options;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        String value = values.get(name);
        return value == null ? fallback : value;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String required(String name, String what) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new Usage("missing --" + name + " (" + what + ")");
        }
        return value;
    }

    Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        Duration duration;
        try {
            duration = Text.duration(value);
        } catch (IllegalArgumentException e) {
            throw new Usage("--" + name + ": " + e.getMessage());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new Usage("--" + name + " must be positive");
        }
        return duration;
    }

    long number(String name, long fallback, long min, long max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number < min || number > max) {
                throw new Usage("--" + name + " must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new Usage("--" + name + " must be a whole number");
        }
    }

    double decimal(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double number = Double.parseDouble(value.strip());
            if (!(number > 0) || Double.isInfinite(number)) {
                throw new Usage("--" + name + " must be positive");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new Usage("--" + name + " must be a number");
        }
    }
}
