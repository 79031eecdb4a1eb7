package net.activationserver.network.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The id of the default network, where every appliance activated over the API goes. Read once: the default network
 * is never deleted and never stops being the default, so its id is fixed for the life of the database.
 */
@ApplicationScoped
public class DefaultNetwork {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    private volatile Long id;

    public long id() {
        Long known = id;
        if (known == null) {
            known = em.createQuery("SELECT n.id FROM Network n WHERE n.isDefault = TRUE", Long.class).getSingleResult();
            id = known;
        }
        return known;
    }
}
