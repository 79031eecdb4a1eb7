package net.activationserver.server.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The key that encrypts every secret the server stores ({@code asl.secrets.key}, or its older name
 * {@code asl.console.secret-key}): lease signing keys, the demo's keys, appliance access passwords. Resolved at start
 * ({@link #check}); without it, outside the demo profile, the server does not start. The demo profile without one
 * keeps a generated key in the file {@value #DEMO_KEY_FILE} in its working directory, never in the database. The key is
 * never logged (only its fingerprint).
 */
@ApplicationScoped
public class Secrets {

    /** The demo profile's key file, in the working directory (beside the run command's {@code ./data}). */
    public static final String DEMO_KEY_FILE = "asl-demo-secrets.key";
    private static final Logger LOG = Logger.getLogger(Secrets.class.getName());

    @Inject
    AslConfig config;

    private volatile SecretCipher cipher;

    /** Secrets with a given key, resolved already (for unit tests and tools; the server resolves its own at start). */
    public static Secrets withKey(byte[] key) {
        Secrets secrets = new Secrets();
        secrets.cipher = new SecretCipher(key);
        return secrets;
    }

    /** Resolves the key, or throws the one line that stops the start. */
    public void check(boolean demo) {
        Optional<byte[]> key = key(AslConfig.SECRETS_KEY);
        Optional<byte[]> older = key(AslConfig.CONSOLE_SECRET_KEY);
        if (key.isPresent() && older.isPresent() && !java.util.Arrays.equals(key.get(), older.get())) {
            throw AslConfig.cannotStart(AslConfig.SECRETS_KEY, "differs from " + AslConfig.CONSOLE_SECRET_KEY
                    + ", its older name: set only " + AslConfig.SECRETS_KEY);
        }
        Optional<byte[]> resolved = key.or(() -> older);
        if (resolved.isEmpty() && demo) {
            resolved = Optional.of(demoKey(Path.of(DEMO_KEY_FILE)));
        }
        if (resolved.isEmpty()) {
            throw new IllegalStateException("Missing required setting " + AslConfig.SECRETS_KEY + " (environment variable "
                    + AslConfig.envName(AslConfig.SECRETS_KEY) + "), the key that encrypts the lease signing keys in the database"
                    + " (the Base64 of 32 random bytes: openssl rand -base64 32; the same on every node): the Activation Server cannot start.");
        }
        cipher = new SecretCipher(resolved.get());
    }

    public SecretCipher cipher() {
        SecretCipher resolved = cipher;
        if (resolved == null) {
            throw new IllegalStateException("the server has not finished starting");
        }
        return resolved;
    }

    /** The secret sealed for one row ({@code context}, e.g. {@code lease_key:KID}). */
    public String seal(String secret, String context) {
        return cipher().seal(secret, context);
    }

    /**
     * The secret of a sealed value; a value stored in clear by an earlier build is returned as it is (its owner seals
     * it at start).
     * @throws SecretCipher.CannotOpenException when it was sealed with another key or for another row
     */
    public String open(String stored, String context) {
        return SecretCipher.isSealed(stored) ? cipher().open(stored, context) : stored;
    }

    /** The line that stops the start when the stored secrets were sealed with another key. */
    public IllegalStateException anotherKey(String what) {
        return AslConfig.cannotStart(AslConfig.SECRETS_KEY, "does not open " + what + " stored in the database (this key's"
                + " fingerprint is " + cipher().keyId() + "): give this node the key the database was encrypted with");
    }

    /** The key of a setting: the Base64 of 32 bytes, or the path of a file holding it. */
    private Optional<byte[]> key(String setting) {
        return config.string(setting).map(value -> {
            try {
                return SecretCipher.parseKey(value);
            } catch (IllegalArgumentException notAKey) {
                Optional<Path> file = file(value);
                if (file.isEmpty()) {
                    throw AslConfig.cannotStart(setting, notAKey.getMessage() + " (or the path of a readable file holding it)");
                }
                try {
                    return SecretCipher.parseKey(Files.readString(file.get(), StandardCharsets.US_ASCII));
                } catch (IOException | IllegalArgumentException e) {
                    throw AslConfig.cannotStart(setting, "names the file " + file.get() + ", which "
                            + (e instanceof IllegalArgumentException ? e.getMessage() : "cannot be read"));
                }
            }
        });
    }

    private static Optional<Path> file(String value) {
        try {
            Path path = Path.of(value);
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The demo profile's key: read from its file, or made and written there (readable by this account only). */
    private static byte[] demoKey(Path file) {
        try {
            if (!Files.exists(file)) {
                try {
                    Path made = Files.createFile(file.toAbsolutePath(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(made, SecretCipher.newKey() + "\n", StandardCharsets.US_ASCII);
                    LOG.info(() -> "Demo profile: made the secrets key (asl.secrets.key) in " + made + "; keep it with the data,"
                            + " the keys stored in the database cannot be read without it.");
                } catch (FileAlreadyExistsException raced) {
                    // another start made it meanwhile: read theirs
                } catch (UnsupportedOperationException noPosix) {
                    Files.writeString(file, SecretCipher.newKey() + "\n", StandardCharsets.US_ASCII);
                }
            }
            return SecretCipher.parseKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            throw AslConfig.cannotStart(AslConfig.SECRETS_KEY, "is not set and the demo profile's key file " + file.toAbsolutePath()
                    + " cannot be used (" + (e instanceof IllegalArgumentException ? "it " + e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
    }
}
