package net.activationserver.activation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import net.activationserver.server.entity.ConflictException;
import java.util.List;
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

    /**
     * Refuses an activation of a MAC that an instance holding its seat was replaced from (its appliance moved to
     * another MAC): that would be a second seat for one appliance. Locks what it finds, so that it waits for a
     * replacement in flight.
     */
    public void requireNotReplaced(String mac) {
        List<String> replacing = replacing(List.of(mac));
        if (!replacing.isEmpty()) {
            throw new ConflictException("MAC " + mac + " was replaced by another MAC, whose instance holds the seat;"
                    + " deregister that instance to activate this MAC again.");
        }
    }

    /** Of these MACs, those an instance holding its seat was replaced from; locked. */
    public List<String> replacing(java.util.Collection<String> macs) {
        return em.createQuery("SELECT i.replacedMac FROM Instance i WHERE i.replacedMac IN :macs AND i.seatMac IS NOT NULL", String.class)
                .setParameter("macs", macs).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }
}
