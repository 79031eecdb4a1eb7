package net.activationserver.admin.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.activationserver.admin.entity.Role;
import net.activationserver.api.UnauthorizedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin API's HTTP Basic credentials, checked against the stored accounts. A password that matched is remembered
 * for a minute (by a hash of the credentials, never the password), so a script calling the API does not pay the
 * deliberately slow PBKDF2 on every request; the account's role is read again on every request, so a disabled or
 * demoted account is out at once.
 */
@ApplicationScoped
public class ApiCredentials {

    private static final long REMEMBER_MILLIS = 60_000;
    private final Map<String, Long> remembered = new ConcurrentHashMap<>();

    @Inject
    Administrators administrators;

    /** Who is calling, with the role the account has now. */
    public record Caller(String username, Role role) {
    }

    /**
     * @param authorization the request's {@code Authorization} header, {@code Basic ...} (a request without one is
     *                      nobody's: the admin API's filter answers it)
     * @throws UnauthorizedException naming what is wrong with the credentials
     */
    public Caller check(String authorization) {
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
        String key = sha256(username + '\u0000' + password);
        long now = System.currentTimeMillis();
        Long until = remembered.get(key);
        Optional<Role> role = until != null && until > now ? administrators.activeRole(username)
                : administrators.authenticate(username, password);
        if (role.isEmpty()) {
            remembered.remove(key);
            throw new UnauthorizedException("Unknown account, wrong password, or the account is disabled.");
        }
        if (until == null || until <= now) {
            if (remembered.size() > 1000) {
                remembered.clear();
            }
            remembered.put(key, now + REMEMBER_MILLIS);
        }
        return new Caller(username, role.get());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
