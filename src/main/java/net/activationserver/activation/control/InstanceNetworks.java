package net.activationserver.activation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.network.entity.NetworkDeleted;

import java.util.HashMap;
import java.util.Map;

/** The networks of the appliances licensed here (an instance's network, kept on its row). Runs in the caller's transaction. */
@ApplicationScoped
public class InstanceNetworks {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    /** A network is deleted: its instances move to the default network, in the deleting transaction. */
    void networkDeleted(@Observes NetworkDeleted deleted) {
        deleted.moved(em.createQuery("UPDATE Instance i SET i.networkId = :to, i.version = i.version + 1 WHERE i.networkId = :from")
                .setParameter("to", deleted.to()).setParameter("from", deleted.from()).executeUpdate());
    }

    /** How many instances each network holds (networks without any are absent). */
    public Map<Long, Long> counts() {
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery("SELECT i.networkId, COUNT(i) FROM Instance i WHERE i.networkId IS NOT NULL GROUP BY i.networkId",
                Object[].class).getResultList()) {
            counts.put((Long) row[0], (Long) row[1]);
        }
        return counts;
    }
}
