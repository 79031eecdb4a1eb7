package net.activationserver.network.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.activationserver.server.control.SecretCipher;
import net.activationserver.server.control.Secrets;

import java.util.Optional;

/**
 * The access-password cipher: the server's secrets key ({@code asl.secrets.key}, or its older name
 * {@code asl.console.secret-key}, with which earlier builds sealed the passwords, in the same format). Never logged.
 */
@ApplicationScoped
public class AccessPasswords {

    @Inject
    Secrets secrets;

    /** The server's secrets key, the same on every node; there is always one once the server has started. */
    public Optional<SecretCipher> cipher() {
        return Optional.of(secrets.cipher());
    }

    /** How the page shows a stored password, never the password itself: "set", "not set", or set under another key. */
    public String state(String sealed) {
        if (sealed == null) {
            return "not set";
        }
        return cipher().map(c -> c.sealedWithThisKey(sealed)).orElse(false) ? "set" : "set (under another key: enter it again)";
    }
}
