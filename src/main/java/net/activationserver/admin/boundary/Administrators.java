package net.activationserver.admin.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import net.activationserver.admin.entity.AdminUser;
import net.activationserver.admin.entity.Role;
import net.activationserver.server.entity.ConflictException;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.Starting;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** The admin accounts: authentication and the first account. */
@Stateless
@PermitAll
public class Administrators {

    private static final Logger LOG = Logger.getLogger(Administrators.class.getName());

    static final Map<String, String> HASH_PARAMETERS = Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.Iterations", "210000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "32");

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    AuditLog audit;

    @Inject
    AslConfig config;

    @PostConstruct
    void configure() {
        passwordHash.initialize(HASH_PARAMETERS);
    }

    /** The role of an enabled account whose password matches. */
    public Optional<Role> authenticate(String username, String password) {
        AdminUser user = em.find(AdminUser.class, username);
        if (user == null || !user.enabled() || !passwordHash.verify(password.toCharArray(), user.passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(user.role());
    }

    /** First start: the account {@code admin}, with {@code asl.admin.initial-password} or a generated one shown once. */
    public void firstAdmin(@Observes Starting starting) {
        Optional<String> initial = config.string(AslConfig.ADMIN_INITIAL_PASSWORD);
        Optional<String> created = createFirstAdmin(initial);
        if (starting.demo()) {
            starting.announce("Admin login: admin / " + created.orElse("(set at first start; printed then)"));
        } else if (created.isPresent() && initial.isEmpty()) {
            LOG.warning("Created admin account 'admin' with generated password " + created.get() + " (shown once; change it).");
        } else if (created.isPresent()) {
            LOG.info("Created admin account 'admin' with the password from asl.admin.initial-password.");
        }
    }

    /**
     * Creates the account {@code admin} when there is no account at all. Safe when several nodes start at once.
     * @return the password when this call created the account, so it can be shown once
     */
    public Optional<String> createFirstAdmin(Optional<String> configuredPassword) {
        Long accounts = em.createQuery("SELECT COUNT(u) FROM AdminUser u", Long.class).getSingleResult();
        if (accounts > 0) {
            return Optional.empty();
        }
        String password = configuredPassword.orElseGet(Administrators::generatePassword);
        int created = em.createNativeQuery("INSERT IGNORE INTO admin_user (username, password_hash, role, enabled, created_at, version)"
                        + " VALUES ('admin', ?1, ?2, TRUE, ?3, 0)")
                .setParameter(1, passwordHash.generate(password.toCharArray()))
                .setParameter(2, Role.ADMIN.name())
                .setParameter(3, Timestamp.from(Instant.now()))
                .executeUpdate();
        return created == 1 ? Optional.of(password) : Optional.empty();
    }

    public record AccountView(String username, String role, boolean enabled, String createdAt) {
        static AccountView of(AdminUser user) {
            return new AccountView(user.username(), user.role().name().toLowerCase(), user.enabled(), user.createdAt().toString());
        }
    }

    @RolesAllowed(Roles.ADMIN)
    public AccountView create(String username, String password, Role role, Actor by) {
        if (em.find(AdminUser.class, username) != null) {
            throw new ConflictException("An account " + username + " exists already.");
        }
        AdminUser user = new AdminUser(username, passwordHash.generate(password.toCharArray()), role, Instant.now());
        em.persist(user);
        audit.record(Instant.now(), by, null, "Admin account " + username + " (" + role.name().toLowerCase() + ") added by " + by.name());
        return AccountView.of(user);
    }

    /** The role of an account while it is enabled; the console re-checks it on every request, so a change applies at once. */
    public Optional<Role> activeRole(String username) {
        AdminUser user = em.find(AdminUser.class, username);
        return user == null || !user.enabled() ? Optional.empty() : Optional.of(user.role());
    }

    /**
     * Changes an account's role and whether it may sign in. Nobody changes their own account this way, and the last
     * enabled admin stays one, so the server never loses its last administrator.
     */
    @RolesAllowed(Roles.ADMIN)
    public AccountView change(String username, Role role, boolean enabled, Actor by) {
        AdminUser user = em.find(AdminUser.class, username, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw new UnknownAccountException(username);
        }
        if (user.role() == role && user.enabled() == enabled) {
            return AccountView.of(user);
        }
        if (username.equals(by.name())) {
            throw new ConflictException("You cannot change the role or disable your own account (" + username + ").");
        }
        boolean losesAdmin = user.role() == Role.ADMIN && user.enabled() && (role != Role.ADMIN || !enabled);
        if (losesAdmin && em.createQuery("SELECT COUNT(u) FROM AdminUser u WHERE u.role = :admin AND u.enabled = TRUE", Long.class)
                .setParameter("admin", Role.ADMIN).getSingleResult() <= 1) {
            throw new ConflictException("Account " + username + " is the last enabled admin; make another admin first.");
        }
        user.changeRole(role);
        user.enable(enabled);
        audit.record(Instant.now(), by, null, "Admin account " + username + " set to " + role.name().toLowerCase()
                + (enabled ? ", enabled" : ", disabled") + " by " + by.name());
        return AccountView.of(user);
    }

    @RolesAllowed(Roles.ADMIN)
    public void resetPassword(String username, String password, Actor by) {
        AdminUser user = em.find(AdminUser.class, username);
        if (user == null) {
            throw new UnknownAccountException(username);
        }
        user.changePassword(passwordHash.generate(password.toCharArray()));
        audit.record(Instant.now(), by, null, "Password of admin account " + username + " reset by " + by.name());
    }

    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<AccountView> accounts() {
        return em.createQuery("SELECT u FROM AdminUser u ORDER BY u.username", AdminUser.class).getResultList().stream().map(AccountView::of).toList();
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
