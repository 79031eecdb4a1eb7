package net.activationserver.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every secret the integration tests hand to a server or get from one: appliance keys, admin passwords, instance tokens.
 * Kept in target/it-secrets.txt, one per line, so that {@link LogSecretsIT}, which runs after every other IT (in a JVM
 * of its own), can look for them in the servers' logs.
 */
final class UsedSecrets {

    static final Path FILE = Path.of("target", "it-secrets.txt");
    private static final Pattern TOKEN = Pattern.compile("\"instanceToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private UsedSecrets() {
    }

    /** A secret a test used; short values (test placeholders such as "k") are not kept, they would match anywhere. */
    static void used(String secret) {
        if (secret == null || secret.length() < 8 || !SEEN.add(secret)) {
            return;
        }
        synchronized (UsedSecrets.class) {
            try {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The instance tokens in a server's answer. */
    static void inAnswer(String body) {
        if (body != null && body.contains("instanceToken")) {
            Matcher token = TOKEN.matcher(body);
            while (token.find()) {
                used(token.group(1));
            }
        }
    }

    static List<String> all() throws IOException {
        return Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).distinct().toList()
                : List.of();
    }
}
