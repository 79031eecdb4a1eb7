package net.activationserver.admin.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import net.activationserver.admin.control.Passwords;
import net.activationserver.admin.control.SignInThrottle;

import java.time.Instant;
import java.util.Optional;

/**
 * An admin signs in, on the console or the admin API: refused at once while the name or the source address is locked
 * ({@link SignInThrottle}); otherwise the password is checked ({@link Passwords}: bounded per node, as slow for an
 * unknown account as for a wrong password) and the outcome recorded by {@link Administrators}. The check runs outside
 * any transaction, so a sign-in waiting for its turn holds no database connection.
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SignIns {

    @Inject
    Administrators administrators;

    @Inject
    SignInThrottle throttle;

    @Inject
    Passwords passwords;

    /**
     * @param source the client's address (behind a trusted proxy, the address it forwarded), or null when unknown
     * @return the account as it stands, when the password matched an enabled account
     * @throws SignInLockedException while the name or the address is locked, with how long
     * @throws net.activationserver.api.RateLimitedException when this node's password checks stay busy
     */
    public Optional<Administrators.Standing> signIn(String username, String password, String source) {
        throttle.lockedFor(username, source, Instant.now()).ifPresent(remaining -> {
            throw new SignInLockedException(remaining);
        });
        Optional<String> stored = administrators.storedHash(username);
        if (passwords.matches(password, stored.orElse(null))) {
            return administrators.signedIn(username, password);
        }
        administrators.signInFailed(username, source);
        return Optional.empty();
    }
}
