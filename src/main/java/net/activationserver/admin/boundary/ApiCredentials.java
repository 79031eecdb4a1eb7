package net.activationserver.admin.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.activationserver.admin.entity.Role;
import net.activationserver.api.UnauthorizedException;
import net.activationserver.server.entity.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin API's HTTP Basic credentials, checked against the stored accounts ({@link SignIns}: locked out after
 * repeated failures). A password that matched is remembered for a minute (by a hash of the credentials, never the
 * password), so a script calling the API does not pay the deliberately slow password check on every request. The
 * account is read again on every request: disabled, demoted or with its password reset (its access version moved), it
 * is out at that request on every node, and the old password must sign in again, which it no longer can.
 */
@ApplicationScoped
public class ApiCredentials {

    private static final long REMEMBER_MILLIS = 60_000;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    @Inject
    Administrators administrators;

    @Inject
    SignIns signIns;

    private record Remembered(long until, long accessVersion) {
    }

    /** Who is calling, with the role the account has now. */
    public record Caller(String username, Role role) {
    }

    /**
     * @param authorization the request's {@code Authorization} header, {@code Basic ...} (a request without one is
     *                      nobody's: the admin API's filter answers it)
     * @param source        the client's address, for the lockout per source
     * @throws UnauthorizedException naming what is wrong with the credentials
     * @throws SignInLockedException while the account name or the address is locked out
     */
    public Caller check(String authorization, String source) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException("The Basic credentials are not valid Base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new UnauthorizedException("The Basic credentials are not user:password.");
        }
        String username = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String key = Sha256.hex(username + '\u0000' + password);
        long now = System.currentTimeMillis();
        Remembered known = remembered.get(key);
        if (known != null && known.until() > now) {
            Optional<Administrators.Standing> standing = administrators.standing(username);
            if (standing.isPresent() && standing.get().accessVersion() == known.accessVersion()) {
                return new Caller(username, standing.get().role());
            }
        }
        remembered.remove(key);
        Optional<Administrators.Standing> signedIn = signIns.signIn(username, password, source);
        if (signedIn.isEmpty()) {
            throw new UnauthorizedException("Unknown account, wrong password, or the account is disabled.");
        }
        if (remembered.size() > 1000) {
            remembered.clear();
        }
        remembered.put(key, new Remembered(now + REMEMBER_MILLIS, signedIn.get().accessVersion()));
        return new Caller(username, signedIn.get().role());
    }
}
