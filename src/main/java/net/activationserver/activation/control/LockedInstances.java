package net.activationserver.activation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import net.activationserver.activation.entity.BadInstanceTokenException;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.UnknownInstanceException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The instance rows the activation facades change, found and locked by id (an unknown or malformed id, or a wrong
 * token, is refused). Runs in the caller's transaction.
 */
@ApplicationScoped
public class LockedInstances {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    public Instance authorized(String instanceId, String token) {
        Instance instance = find(instanceId);
        if (token == null) {
            throw new BadInstanceTokenException(instanceId, "no bearer token");
        }
        if (!instance.tokenMatches(InstanceTokens.hash(token))) {
            throw new BadInstanceTokenException(instanceId, "the bearer token does not match");
        }
        return instance;
    }

    public static String requireUuid(String instanceId) {
        if (!isUuid(instanceId)) {
            throw new UnknownInstanceException(instanceId);
        }
        return instanceId;
    }

    public Instance find(String instanceId) {
        requireUuid(instanceId);
        Instance instance = em.find(Instance.class, instanceId, LockModeType.PESSIMISTIC_WRITE);
        if (instance == null) {
            throw new UnknownInstanceException(instanceId);
        }
        return instance;
    }

    public static boolean isUuid(String text) {
        try {
            return text != null && text.length() == 36 && UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The time every change of an instance is stamped with: microseconds, as the database keeps it. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
