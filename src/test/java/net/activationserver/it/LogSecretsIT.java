package net.activationserver.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs after every other integration test (its own failsafe execution, last in pom.xml): every server log they produced
 * (the nodes they started, Payara Micro under Arquillian, WildFly, Payara Server) holds none of the secrets they used:
 * appliance keys, admin passwords and instance tokens ({@link UsedSecrets}), the secrets key, and no private key (PEM
 * or a JWK's "d").
 */
class LogSecretsIT {

    /**
     * The only lines meant to show a secret, once, at a first start (README, docs/SECURITY.md): the demo profile's
     * announcement of its generated admin password and appliance key, and a generated first admin password when
     * {@code asl.admin.initial-password} is not set. They are left out of the search, and only they.
     */
    static final Pattern SHOWN_ONCE = Pattern.compile("(?m)^.*(Admin login: admin / |Appliance key \\(asl\\.appliance\\.key for appliances and the agent\\): "
            + "|Created admin account 'admin' with generated password ).*$");
    private static final Pattern PRIVATE_KEY = Pattern.compile("PRIVATE KEY-----|\"d\"\\s*:\\s*\"[A-Za-z0-9_-]{20,}");

    @Test
    void noServerLogHoldsASecretTheTestsUsed() throws IOException {
        List<String> secrets = new ArrayList<>(UsedSecrets.all());
        if (!secrets.isEmpty()) {
            secrets.add(Http.SECRETS_KEY); // every test server's asl.secrets.key
        }
        List<Path> logs = logs();
        long bytes = 0;
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            String text = SHOWN_ONCE.matcher(Files.readString(log, StandardCharsets.ISO_8859_1)).replaceAll(""); // any bytes; the secrets are ASCII
            bytes += text.length();
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    found.add(log + " holds a secret the tests used (" + secret.substring(0, 3) + "..., " + secret.length() + " characters)");
                }
            }
            if (PRIVATE_KEY.matcher(text).find()) {
                found.add(log + " holds a private key");
            }
        }
        System.out.printf("Scanned %d server logs (%,d bytes) for %d secrets%n", logs.size(), bytes, secrets.size());
        assertEquals(List.of(), found);
        if (!secrets.isEmpty()) {
            // the ITs ran in this build: their servers' logs must be here to be read
            assertTrue(!logs.isEmpty() && bytes > 0, "the ITs used " + secrets.size() + " secrets but no server log was found under target/");
        }
    }

    /** The servers' logs under target/: started nodes (*.log), test output with Arquillian's Payara Micro, WildFly's and Payara Server's own. */
    static List<Path> logs() throws IOException {
        Path target = Path.of("target");
        if (!Files.isDirectory(target)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(target)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                String path = file.toString().replace('\\', '/');
                String name = file.getFileName().toString();
                return (path.startsWith("target/") && file.getParent().equals(target) && name.endsWith(".log"))
                        || (path.contains("failsafe-reports") && name.endsWith("-output.txt"))
                        || (path.contains("/standalone/log/") && name.startsWith("server.log"))
                        || (path.contains("payara-server-domains") && path.contains("/logs/") && name.startsWith("server.log"));
            }).toList();
        }
    }
}
