package net.activationserver.admin.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import net.activationserver.api.RateLimitedException;
import net.activationserver.server.control.AslConfig;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The admin passwords' hashing: PBKDF2-HMAC-SHA256 at 600,000 iterations (OWASP's current guidance for it), through
 * Jakarta Security's {@link Pbkdf2PasswordHash}, whose stored form names its own parameters, so hashes made with fewer
 * iterations still verify and are upgraded at the next sign-in.
 * <p>
 * A check costs a few hundred milliseconds of one processor on purpose. So that guessing cannot take the processors from
 * the appliance protocol, at most {@code asl.admin.sign-in.concurrency} checks run at once on a node (by default half
 * the processors, at least one); a check that waits longer than {@link #WAIT_SECONDS} is refused with 429. An unknown or
 * disabled account is checked against a hash of a random password, so it takes as long as a wrong password.
 */
@ApplicationScoped
public class Passwords {

    public static final int ITERATIONS = 600_000;
    static final int WAIT_SECONDS = 5;
    public static final String CONCURRENCY = "asl.admin.sign-in.concurrency";

    static final Map<String, String> PARAMETERS = Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.Iterations", Integer.toString(ITERATIONS),
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "32");

    @Inject
    Pbkdf2PasswordHash hash;

    @Inject
    AslConfig config;

    private Semaphore checks;
    private String dummy;

    @PostConstruct
    void configure() {
        hash.initialize(PARAMETERS);
        int concurrency = config.integer(CONCURRENCY, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        if (concurrency < 1) {
            throw AslConfig.cannotStart(CONCURRENCY, "must be at least 1: " + concurrency);
        }
        checks = new Semaphore(concurrency, true);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        dummy = hash.generate(Base64.getEncoder().encodeToString(random).toCharArray());
    }

    /** The stored form of a new password. */
    public String hash(String password) {
        return hash.generate(password.toCharArray());
    }

    /**
     * Whether the password matches the stored hash; with no stored hash (an unknown or disabled account), a check as
     * long as a real one that never matches.
     * @throws RateLimitedException when the node's checks stay busy for {@link #WAIT_SECONDS}
     */
    public boolean matches(String password, String stored) {
        String against = stored != null ? stored : dummy;
        try {
            if (!checks.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new RateLimitedException("Too many sign-ins are being checked at once; retry in a second.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RateLimitedException("Sign-in interrupted; retry in a second.");
        }
        try {
            boolean matches = hash.verify(password.toCharArray(), against);
            return stored != null && matches;
        } finally {
            checks.release();
        }
    }

    /** Whether a stored hash was made with weaker parameters than today's (then it is rehashed at sign-in). */
    public static boolean outdated(String stored) {
        String[] parts = stored.split(":");
        try {
            return parts.length != 4 || !parts[0].equals("PBKDF2WithHmacSHA256") || Integer.parseInt(parts[1]) < ITERATIONS;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
