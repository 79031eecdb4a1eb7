package net.activationserver.network.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.activationserver.server.control.ServerKeys;

import java.util.Optional;

/** The access-password cipher with the server's {@code asl.console.secret-key}; absent when no key is configured. */
@ApplicationScoped
public class AccessPasswords {

    @Inject
    ServerKeys keys;

    private volatile PasswordCipher cipher;

    public Optional<PasswordCipher> cipher() {
        PasswordCipher known = cipher;
        if (known == null) {
            known = keys.consoleSecretKey().map(PasswordCipher::new).orElse(null);
            cipher = known;
        }
        return Optional.ofNullable(known);
    }

    /** How the page shows a stored password, never the password itself: "set", "not set", or set under another key. */
    public String state(String sealed) {
        if (sealed == null) {
            return "not set";
        }
        return cipher().map(c -> c.sealedWithThisKey(sealed)).orElse(false) ? "set" : "set (under another key: enter it again)";
    }
}
