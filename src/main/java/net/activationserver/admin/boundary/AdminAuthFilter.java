package net.activationserver.admin.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import net.activationserver.admin.entity.Role;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.activationserver.api.Admins;
import net.activationserver.api.ForbiddenException;
import net.activationserver.api.TransportFilter;
import net.activationserver.api.UnauthorizedException;
import net.activationserver.server.control.Https;

/**
 * HTTP Basic for the admin API against the stored accounts. A viewer may only read (GET, HEAD).
 * A successful check is remembered for a minute (by a hash of the credentials, never the password), so a
 * script calling the API does not pay the deliberately slow PBKDF2 on every request. The remembered checks are this
 * filter's own: a JAX-RS provider found by scanning, one instance for the application.
 */
@Provider
@Admins
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

    private static final long REMEMBER_MILLIS = 60_000;
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(String username, Role role, long until) {
    }

    @Inject
    Administrators administrators;

    @Inject
    Https https;

    @Override
    public void filter(ContainerRequestContext request) {
        // after matching, so no spelling of the path (a ;parameter, say) gets past: TransportFilter sees the raw path
        if (!request.getSecurityContext().isSecure() && https.on()) {
            throw new ForbiddenException("This server takes the admin API over HTTPS only.");
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new UnauthorizedException("The admin API needs HTTP Basic credentials of an admin account.");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException("The Basic credentials are not valid Base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new UnauthorizedException("The Basic credentials are not user:password.");
        }
        String username = decoded.substring(0, colon);
        Remembered who = authenticate(username, decoded.substring(colon + 1));
        if (who.role() != Role.ADMIN && !READS.contains(request.getMethod())) {
            throw new ForbiddenException("Account " + username + " is a viewer and may only read.");
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> who.username();
            }

            @Override
            public boolean isUserInRole(String role) {
                return who.role().name().equalsIgnoreCase(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return SecurityContext.BASIC_AUTH;
            }
        });
    }

    private Remembered authenticate(String username, String password) {
        String key = sha256(username + '\u0000' + password);
        long now = System.currentTimeMillis();
        Remembered known = remembered.get(key);
        if (known != null && known.until() > now) {
            return known;
        }
        Optional<Role> role = administrators.authenticate(username, password);
        if (role.isEmpty()) {
            remembered.remove(key);
            throw new UnauthorizedException("Unknown account, wrong password, or the account is disabled.");
        }
        if (remembered.size() > 1000) {
            remembered.clear();
        }
        Remembered checked = new Remembered(username, role.get(), now + REMEMBER_MILLIS);
        remembered.put(key, checked);
        return checked;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
