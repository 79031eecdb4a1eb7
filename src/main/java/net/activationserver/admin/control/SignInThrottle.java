package net.activationserver.admin.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.entity.Sha256;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Failed admin sign-ins, counted per account name and per source address in the database ({@code sign_in_failure}), so
 * that every node sees the same count and honours the same lock. After {@code asl.admin.lockout.account-failures}
 * (default 5) failures in a row for one name, or {@code asl.admin.lockout.source-failures} (default 20) from one
 * address, further attempts are refused without a password check for 30 seconds; each failure after a lock ends doubles
 * the time, up to 15 minutes. Failures older than 15 minutes are forgotten; a successful sign-in forgets the account's.
 * Names that are no account are counted like real ones, so a lock tells nothing about which names exist.
 */
@ApplicationScoped
public class SignInThrottle {

    public static final String ACCOUNT_FAILURES = "asl.admin.lockout.account-failures";
    public static final String SOURCE_FAILURES = "asl.admin.lockout.source-failures";
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    AslConfig config;

    /** A lock this failure started: on an account name or on a source address. */
    public record Lock(boolean account, String name, int failures, Instant until) {
    }

    /** How much longer sign-ins for this name, or from this address, are refused; empty when they are not. */
    public Optional<Duration> lockedFor(String username, String source, Instant now) {
        Object micros = em.createNativeQuery("SELECT MAX(TIMESTAMPDIFF(MICROSECOND, ?2, locked_until)) FROM sign_in_failure"
                        + " WHERE subject IN (?1) AND locked_until > ?2")
                .setParameter(1, subjects(username, source)).setParameter(2, Timestamp.from(now)).getSingleResult();
        return Optional.ofNullable((Number) micros).map(value -> Duration.ofNanos(value.longValue() * 1000));
    }

    /** Counts a failed sign-in for the name and the address; returns the locks it started. */
    public List<Lock> failed(String username, String source, Instant now) {
        List<Lock> locks = new ArrayList<>();
        count(account(username), username, true, config.integer(ACCOUNT_FAILURES, 5), now).ifPresent(locks::add);
        if (source != null) {
            count("source:" + source, source, false, config.integer(SOURCE_FAILURES, 20), now).ifPresent(locks::add);
        }
        return locks;
    }

    /** A successful sign-in forgets the account's failures (not the address's: one good account must not unlock guessing). */
    public void succeeded(String username) {
        em.createNativeQuery("DELETE FROM sign_in_failure WHERE subject = ?1").setParameter(1, account(username)).executeUpdate();
    }

    /** Forgets failures older than a day that hold no lock; every node's housekeeping calls it. */
    public int forget(Instant now) {
        return em.createNativeQuery("DELETE FROM sign_in_failure WHERE last_failure_at < ?1 AND (locked_until IS NULL OR locked_until < ?2)")
                .setParameter(1, Timestamp.from(now.minus(Duration.ofDays(1)))).setParameter(2, Timestamp.from(now)).executeUpdate();
    }

    private Optional<Lock> count(String subject, String name, boolean account, int threshold, Instant now) {
        Timestamp at = Timestamp.from(now);
        // assignments run left to right and see the columns already assigned: last_failure_at is written last
        em.createNativeQuery("INSERT INTO sign_in_failure (subject, failures, last_failure_at, locked_until) VALUES (?1, 1, ?2, NULL)"
                        + " ON DUPLICATE KEY UPDATE"
                        + " failures = IF(last_failure_at < ?3 AND (locked_until IS NULL OR locked_until < ?2), 1, failures + 1),"
                        + " locked_until = IF(last_failure_at < ?3 AND (locked_until IS NULL OR locked_until < ?2), NULL, locked_until),"
                        + " last_failure_at = ?2")
                .setParameter(1, subject).setParameter(2, at).setParameter(3, Timestamp.from(now.minus(FORGET_AFTER)))
                .executeUpdate();
        int failures = ((Number) em.createNativeQuery("SELECT failures FROM sign_in_failure WHERE subject = ?1")
                .setParameter(1, subject).getSingleResult()).intValue();
        if (threshold < 1 || failures < threshold) {
            return Optional.empty();
        }
        Instant until = now.plus(lockFor(failures - threshold));
        em.createNativeQuery("UPDATE sign_in_failure SET locked_until = ?2 WHERE subject = ?1")
                .setParameter(1, subject).setParameter(2, Timestamp.from(until)).executeUpdate();
        return Optional.of(new Lock(account, name, failures, until));
    }

    /** 30 s for the failure that reaches the threshold, doubled for each one after, 15 minutes at most. */
    static Duration lockFor(int beyondThreshold) {
        if (beyondThreshold >= 5) {
            return LONGEST_LOCK;
        }
        Duration lock = FIRST_LOCK.multipliedBy(1L << beyondThreshold);
        return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
    }

    private static List<String> subjects(String username, String source) {
        return source == null ? List.of(account(username)) : List.of(account(username), "source:" + source);
    }

    /** Names longer than any account's are kept by their hash, which no real name's key can equal. */
    private static String account(String username) {
        if (username.length() <= 64) {
            return "account:" + username;
        }
        return "account#" + Sha256.hex(username);
    }
}
