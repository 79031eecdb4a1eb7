package net.activationserver.admin.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import net.activationserver.server.entity.Upkeep;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import net.activationserver.admin.control.Passwords;
import net.activationserver.admin.control.SignInThrottle;
import net.activationserver.admin.entity.AdminUser;
import net.activationserver.admin.entity.Role;
import net.activationserver.server.entity.ConflictException;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.LogText;
import net.activationserver.server.entity.Starting;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The admin accounts: the first account, changes to accounts, and the writes of a sign-in ({@link SignIns} checks the
 * password outside any transaction and records the outcome here).
 */
@Stateless
@PermitAll
public class Administrators {

    private static final Logger LOG = Logger.getLogger(Administrators.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Passwords passwords;

    @Inject
    SignInThrottle throttle;

    @Inject
    AuditLog audit;

    @Inject
    AslConfig config;

    /** An enabled account as it stands now: its role, and the version of its access (see {@link AdminUser#accessVersion()}). */
    public record Standing(String username, Role role, long accessVersion) {
        static Standing of(AdminUser user) {
            return new Standing(user.username(), user.role(), user.accessVersion());
        }
    }

    /**
     * The account as it stands now, if it is enabled. Read on every admin request (the console's and the API's), so a
     * disabled, demoted or reset account is out at its next request on every node: one primary-key read, without a
     * transaction of its own.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Standing> standing(String username) {
        AdminUser user = em.find(AdminUser.class, username);
        return user == null || !user.enabled() ? Optional.empty() : Optional.of(Standing.of(user));
    }

    /** The stored hash of an enabled account (for {@link SignIns}, which checks it outside a transaction). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<String> storedHash(String username) {
        AdminUser user = em.find(AdminUser.class, username);
        return user == null || !user.enabled() ? Optional.empty() : Optional.of(user.passwordHash());
    }

    /** A password matched: the account's failures are forgotten, and a hash made with older parameters is made again. */
    public Optional<Standing> signedIn(String username, String password) {
        throttle.succeeded(username);
        AdminUser user = em.find(AdminUser.class, username);
        if (user == null || !user.enabled()) {
            return Optional.empty(); // disabled in the meantime
        }
        if (Passwords.outdated(user.passwordHash())) {
            user.rehash(passwords.hash(password));
        }
        return Optional.of(Standing.of(user));
    }

    /** Every minute, on every node: failed sign-ins older than a day that hold no lock are forgotten. */
    public void forgetOldFailures(@ObservesAsync Upkeep upkeep) {
        throttle.forget(upkeep.at());
    }

    /** A password did not match (or there is no such enabled account): counted, and any lock it starts audited. */
    public void signInFailed(String username, String source) {
        Instant now = Instant.now();
        for (SignInThrottle.Lock lock : throttle.failed(username, source, now)) {
            long seconds = Math.max(1, java.time.Duration.between(now, lock.until()).toSeconds());
            // a name is anything a client typed: without control characters, and short enough for the audit line
            String name = LogText.clean(lock.name().length() > 80 ? lock.name().substring(0, 80) + "..." : lock.name());
            String message = lock.account()
                    ? "Admin sign-in for account " + name + " locked for " + seconds + " s after " + lock.failures()
                            + " failed attempts" + (source == null ? "" : " (the last from " + source + ")")
                    : "Admin sign-in from " + name + " locked for " + seconds + " s after " + lock.failures() + " failed attempts";
            audit.record(now, Actor.SYSTEM, null, message);
            LOG.warning(message);
        }
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
                .setParameter(1, passwords.hash(password))
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
        AdminUser user = new AdminUser(username, passwords.hash(password), role, Instant.now());
        em.persist(user);
        audit.record(Instant.now(), by, null, "Admin account " + username + " (" + role.name().toLowerCase() + ") added by " + by.name());
        return AccountView.of(user);
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
        user.changeAccess(role, enabled);
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
        user.resetPassword(passwords.hash(password));
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
