package net.activationserver.server.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The secrets key as an operator sets it, and the appliance keys refused outside the demo profile. */
class SecretsTest {

    private static final String KEY = "q4Jx0m2fYp8wS3kV7nB1cD5eG9hK2lM6oP0rT4uW8yA=";
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final Map<String, String> settings = new HashMap<>();

    private Secrets secrets() {
        Secrets secrets = new Secrets();
        secrets.config = AslConfigTest.config(settings);
        return secrets;
    }

    private String refusal() {
        return assertThrows(IllegalStateException.class, () -> secrets().check(false)).getMessage();
    }

    @Test
    void withoutAKeyOutsideTheDemoProfileTheServerDoesNotStart() {
        String line = refusal();
        assertTrue(line.startsWith("Missing required setting asl.secrets.key (environment variable ASL_SECRETS_KEY)"), line);
        assertTrue(line.endsWith("the Activation Server cannot start."), line);
    }

    @Test
    void theKeyOrItsOlderNameSealsWhatTheOtherOpens() {
        settings.put(AslConfig.CONSOLE_SECRET_KEY, KEY);
        Secrets older = secrets();
        older.check(false);
        String sealed = older.seal("{\"d\":\"private\"}", "lease_key:k1");

        settings.clear();
        settings.put(AslConfig.SECRETS_KEY, KEY);
        Secrets current = secrets();
        current.check(false);
        assertEquals("{\"d\":\"private\"}", current.open(sealed, "lease_key:k1"), "one key under either name");
        assertEquals("in clear", current.open("in clear", "setting:x"), "a value of an earlier build, read as it is");

        settings.put(AslConfig.CONSOLE_SECRET_KEY, KEY);
        secrets().check(false); // both names, one key: fine
    }

    @Test
    void twoDifferentKeysUnderBothNamesAreRefused() {
        settings.put(AslConfig.SECRETS_KEY, KEY);
        settings.put(AslConfig.CONSOLE_SECRET_KEY, OTHER_KEY);
        String line = refusal();
        assertTrue(line.startsWith("Setting asl.secrets.key (ASL_SECRETS_KEY) differs from asl.console.secret-key"), line);
        assertFalse(line.contains(KEY) || line.contains(OTHER_KEY), "never the keys");
    }

    @Test
    void aMalformedKeyIsRefusedWithoutRepeatingIt() {
        settings.put(AslConfig.SECRETS_KEY, "correct horse battery staple");
        String line = refusal();
        assertTrue(line.startsWith("Setting asl.secrets.key (ASL_SECRETS_KEY) is not Base64"), line);
        assertFalse(line.contains("correct horse"), line);
        settings.put(AslConfig.SECRETS_KEY, Base64.getEncoder().encodeToString(new byte[16]));
        assertTrue(refusal().contains("holds 16 bytes"));
    }

    @Test
    void theKeyMayBeAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.key");
        Files.writeString(file, KEY + "\n");
        settings.put(AslConfig.SECRETS_KEY, file.toString());
        Secrets fromFile = secrets();
        fromFile.check(false);
        Secrets direct = Secrets.withKey(SecretCipher.parseKey(KEY));
        assertEquals("s", direct.open(fromFile.seal("s", "setting:a"), "setting:a"));

        Files.writeString(file, "not a key");
        String line = refusal();
        assertTrue(line.contains("names the file " + file), line);
        assertFalse(line.contains("not a key"), line);
    }

    @Test
    void sealedValuesNameNoSecretAndOpenOnlyForTheirRow() {
        Secrets secrets = Secrets.withKey(SecretCipher.parseKey(KEY));
        String sealed = secrets.seal("{\"kty\":\"OKP\",\"d\":\"c2VjcmV0\"}", "lease_key:k1");
        assertTrue(SecretCipher.isSealed(sealed));
        assertFalse(sealed.contains("\"d\""));
        assertThrows(SecretCipher.CannotOpenException.class, () -> secrets.open(sealed, "lease_key:k2"));
        assertThrows(SecretCipher.CannotOpenException.class, () -> Secrets.withKey(new byte[32]).open(sealed, "lease_key:k1"));
        assertFalse(SecretCipher.isSealed("{\"kty\":\"OKP\"}"));
    }

    @Test
    void weakApplianceKeysAreNamed() {
        assertTrue(AslConfig.weakApplianceKey("it-appliance-key-0123456789abcdef").isEmpty(), "33 characters");
        assertTrue(AslConfig.weakApplianceKey(KEY).isEmpty(), "openssl rand -base64 32");
        assertTrue(AslConfig.weakApplianceKey("x".repeat(31)).orElseThrow().startsWith("is shorter than 32 characters (31)"));
        assertTrue(AslConfig.weakApplianceKey("short-secret").orElseThrow().contains("shorter than 32"));
        String example = AslConfig.weakApplianceKey("change-me-the-shared-appliance-key").orElseThrow();
        assertTrue(example.startsWith("is the documentation's example value"), example);
        assertTrue(AslConfig.weakApplianceKey("Change-Me-" + "x".repeat(40)).isPresent(), "any change-me placeholder");
        assertFalse(AslConfig.weakApplianceKey("short-secret").orElseThrow().contains("short-secret"), "never the value");
        assertEquals("Setting asl.appliance.key (ASL_APPLIANCE_KEY) is shorter than 32 characters (5): set a random key of at least 32"
                        + " characters, e.g. openssl rand -base64 32: the Activation Server cannot start.",
                AslConfig.cannotStart(AslConfig.APPLIANCE_KEY, AslConfig.weakApplianceKey("short").orElseThrow()).getMessage());
    }
}
