package net.activationserver.licensing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.licensing.boundary.LimitReachedException;
import net.activationserver.licensing.boundary.PlatformMismatchException;
import net.activationserver.licensing.boundary.TypeExhaustedException;
import net.activationserver.licensing.boundary.UnknownLicenseTypeException;
import net.activationserver.licensing.entity.LicenseType;
import net.activationserver.licensing.entity.Platform;

import java.util.List;

/**
 * The pool as activations see it: which types an appliance may have, and taking and giving back seats.
 * Runs inside the caller's transaction, so a refusal rolls back everything the activation did.
 */
@ApplicationScoped
public class Pool {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Seats seats;

    /**
     * The type, if it exists and is offered for the platform. Reads the instance limit ('*') in the same query, so the
     * activation that follows finds both in the persistence context and asks the database once.
     */
    public LicenseType offered(String code, Platform platform) {
        LicenseType type = code.equals(LicenseType.INSTANCE_LIMIT) ? null
                : em.createQuery("SELECT t FROM LicenseType t WHERE t.code IN (:code, :limit)", LicenseType.class)
                        .setParameter("code", code).setParameter("limit", LicenseType.INSTANCE_LIMIT).getResultList()
                        .stream().filter(read -> read.code().equals(code)).findFirst().orElse(null);
        if (type == null) {
            throw new UnknownLicenseTypeException("No license type " + code + ".");
        }
        if (!type.platforms().contains(platform)) {
            throw new PlatformMismatchException("License type " + code + " is not offered for platform " + platform
                    + " (offered for " + type.platforms() + ").");
        }
        return type;
    }

    /**
     * Takes one seat of the global limit and one of the type for a new instance.
     * @return the seats of that type in use, this one included
     */
    public int take(String instanceId, LicenseType type) {
        if (!seats.claimUncounted(LicenseType.INSTANCE_LIMIT, instanceId, capacity(LicenseType.INSTANCE_LIMIT))) {
            throw new LimitReachedException("The instance limit of the pool is reached; deregister an appliance or install a license file that raises the limit.");
        }
        if (!seats.claimUncounted(type.code(), instanceId, type.seats())) {
            throw exhausted(type);
        }
        seats.countOneMore(LicenseType.INSTANCE_LIMIT, type.code());
        return seats.used(type.code());
    }

    /** Moves an instance's seat to another type. @return seats in use of the old type, then of the new one */
    public int[] change(String instanceId, String fromCode, LicenseType to) {
        if (!seats.move(fromCode, to.code(), instanceId, capacity(fromCode), to.seats())) {
            throw exhausted(to);
        }
        return new int[]{seats.used(fromCode), seats.used(to.code())};
    }

    /** Gives back an instance's seats. @return seats of that type still in use */
    public int release(String instanceId, String code) {
        seats.release(code, instanceId, capacity(code));
        seats.release(LicenseType.INSTANCE_LIMIT, instanceId, capacity(LicenseType.INSTANCE_LIMIT));
        return seats.used(code);
    }

    /**
     * Gives back, in bulk, the seats of every instance the sweep {@code sweepId} marked. Seats above a shrunken
     * capacity simply vanish; if holders of such seats remain, they are moved into the freed ones.
     */
    public void releaseSwept(String sweepId) {
        em.createNativeQuery("INSERT INTO seat_count (pool, shard, used) SELECT s.pool, 0, -COUNT(*) FROM seat s"
                + " JOIN instance i ON i.id = s.instance_id WHERE i.sweep_id = ?1 GROUP BY s.pool"
                + " ON DUPLICATE KEY UPDATE used = used + VALUES(used)").setParameter(1, sweepId).executeUpdate();
        em.createNativeQuery("DELETE s FROM seat s JOIN instance i ON i.id = s.instance_id JOIN license_type t ON t.code = s.pool"
                + " WHERE i.sweep_id = ?1 AND s.slot > t.seats").setParameter(1, sweepId).executeUpdate();
        em.createNativeQuery("UPDATE seat s JOIN instance i ON i.id = s.instance_id SET s.instance_id = NULL WHERE i.sweep_id = ?1")
                .setParameter(1, sweepId).executeUpdate();
        List<?> overage = em.createNativeQuery("SELECT DISTINCT s.pool FROM seat s JOIN license_type t ON t.code = s.pool WHERE s.slot > t.seats")
                .getResultList();
        if (!overage.isEmpty()) {
            em.find(LicenseType.class, LicenseType.INSTANCE_LIMIT, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            for (Object pool : overage) {
                seats.resize((String) pool, capacity((String) pool));
            }
        }
    }

    public int used(String code) {
        return seats.used(code);
    }

    private static TypeExhaustedException exhausted(LicenseType type) {
        return new TypeExhaustedException("All " + type.seats() + " seats of license type " + type.code() + " are in use.");
    }

    private int capacity(String code) {
        LicenseType type = em.find(LicenseType.class, code);
        return type == null ? 0 : type.seats();
    }
}
