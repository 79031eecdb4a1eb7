package net.activationserver.network.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Settings;
import net.activationserver.server.entity.SettingsCheck;
import net.activationserver.server.entity.Starting;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The access-password cipher with the server's {@code asl.console.secret-key} (in the demo profile, a key of its own
 * kept in the database); absent when no key is configured. The key is never logged.
 */
@ApplicationScoped
public class AccessPasswords {

    private static final Logger LOG = Logger.getLogger(AccessPasswords.class.getName());

    @Inject
    Settings settings;

    @Inject
    AslConfig config;

    private volatile PasswordCipher cipher;

    void check(@Observes SettingsCheck check) {
        config.string(AslConfig.CONSOLE_SECRET_KEY).ifPresent(value -> {
            try {
                PasswordCipher.parseKey(value);
            } catch (IllegalArgumentException e) {
                throw AslConfig.cannotStart(AslConfig.CONSOLE_SECRET_KEY, e.getMessage());
            }
        });
    }

    @Transactional
    void resolve(@Observes Starting starting) {
        Optional<String> key = config.string(AslConfig.CONSOLE_SECRET_KEY)
                .or(() -> starting.demo() ? Optional.of(settings.getOrCreate("demo.console-secret-key", AccessPasswords::randomKey))
                        : Optional.empty());
        cipher = key.map(PasswordCipher::parseKey).map(PasswordCipher::new).orElse(null);
        if (key.isEmpty()) {
            LOG.warning("No " + AslConfig.CONSOLE_SECRET_KEY + " (" + AslConfig.envName(AslConfig.CONSOLE_SECRET_KEY)
                    + ") is set: the console stores no appliance access passwords (addresses and ports are stored).");
        }
    }

    public Optional<PasswordCipher> cipher() {
        return Optional.ofNullable(cipher);
    }

    /** How the page shows a stored password, never the password itself: "set", "not set", or set under another key. */
    public String state(String sealed) {
        if (sealed == null) {
            return "not set";
        }
        return cipher().map(c -> c.sealedWithThisKey(sealed)).orElse(false) ? "set" : "set (under another key: enter it again)";
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
