package net.activationserver.admin.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import net.activationserver.admin.entity.ApiToken;
import net.activationserver.admin.entity.Role;
import net.activationserver.api.UnauthorizedException;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.ConflictException;
import net.activationserver.server.entity.Roles;

/**
 * Automation tokens of the admin API: created (shown once), listed and revoked by admins, and checked on each
 * {@code Authorization: Bearer} request of the admin API. A token acts in its role, and the audit trail names it
 * ({@code token:NAME}). Tokens belong to the server, not to the account that made them: they live until they expire or
 * are revoked.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class ApiTokens {

    private static final Logger LOG = Logger.getLogger(ApiTokens.class.getName());
    /** How often a token's last use is written (a write per request would be one per automation call). */
    static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    AuditLog audit;

    /** A token as listed: never the token itself, which only {@link #create}'s answer carries ({@code token}). */
    public record TokenView(String id, String name, String role, String createdAt, String createdBy, String expiresAt,
            String revokedAt, String lastUsedAt, String token) {
        static TokenView of(ApiToken t, String token) {
            return new TokenView(t.id(), t.name(), t.role().name().toLowerCase(Locale.ROOT), t.createdAt().toString(), t.createdBy(),
                    t.expiresAt().toString(), t.revokedAt() == null ? null : t.revokedAt().toString(),
                    t.lastUsedAt() == null ? null : t.lastUsedAt().toString(), token);
        }
    }

    public TokenView create(String name, Role role, Instant expiresAt, Actor by) {
        Instant now = Instant.now();
        if (!em.createQuery("SELECT t.id FROM ApiToken t WHERE t.name = :name", String.class).setParameter("name", name).getResultList().isEmpty()) {
            throw new ConflictException("A token named " + name + " exists already; revoke it or choose another name.");
        }
        String token = ApiToken.newToken();
        ApiToken created = new ApiToken(name, role, expiresAt, token, by.name(), now);
        em.persist(created);
        audit.record(now, by, null, "API token " + name + " (" + role.name().toLowerCase(Locale.ROOT) + ", expires " + expiresAt + ") created by " + by.name());
        LOG.info(() -> "API token " + name + " created by " + by.name());
        return TokenView.of(created, token);
    }

    public List<TokenView> tokens() {
        return em.createQuery("SELECT t FROM ApiToken t ORDER BY t.createdAt", ApiToken.class).getResultList().stream()
                .map(t -> TokenView.of(t, null)).toList();
    }

    /** Revokes a token at once, on every node (each request reads it). Revoking a revoked token changes nothing. */
    public void revoke(String id, Actor by) {
        ApiToken token = id == null ? null : em.find(ApiToken.class, id);
        if (token == null) {
            throw new UnknownTokenException(id);
        }
        if (token.revokedAt() == null) {
            token.revoke(by.name(), Instant.now());
            audit.record(Instant.now(), by, null, "API token " + token.name() + " revoked by " + by.name());
        }
    }

    /** Who a bearer token signs in, or why not. */
    @PermitAll
    public ApiCredentials.Caller check(String token) {
        Instant now = Instant.now();
        List<ApiToken> found = token == null || !token.startsWith(ApiToken.PREFIX) ? List.of()
                : em.createQuery("SELECT t FROM ApiToken t WHERE t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", ApiToken.hash(token)).getResultList();
        if (found.isEmpty()) {
            throw new UnauthorizedException("The bearer token is not an API token of this server.");
        }
        ApiToken known = found.get(0);
        String refusal = known.refusalAt(now);
        if (refusal != null) {
            throw new UnauthorizedException(refusal);
        }
        em.createNativeQuery("UPDATE api_token SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?3)")
                .setParameter(1, Timestamp.from(now)).setParameter(2, known.id()).setParameter(3, Timestamp.from(now.minus(USE_RESOLUTION)))
                .executeUpdate();
        return new ApiCredentials.Caller(known.principal(), known.role());
    }
}
