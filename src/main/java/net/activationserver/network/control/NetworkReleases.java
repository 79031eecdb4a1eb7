package net.activationserver.network.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The networks that release their appliances' seats after a silence of their own ({@code network.release_after_seconds}),
 * read by the sweep and by every lease signed: kept for a few seconds, read again after a change on this node and at
 * the latest {@link #FRESH} after one on another.
 */
@ApplicationScoped
public class NetworkReleases {

    static final long FRESH = 5_000;

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    private volatile Map<Long, Duration> known = Map.of();
    private volatile long readAt;

    /** Network id to its own release, for the networks that have one. */
    public Map<Long, Duration> byNetwork() {
        if (System.currentTimeMillis() - readAt > FRESH) {
            Map<Long, Duration> read = new HashMap<>();
            for (Object[] row : em.createQuery("SELECT n.id, n.releaseAfterSeconds FROM Network n WHERE n.releaseAfterSeconds IS NOT NULL", Object[].class)
                    .getResultList()) {
                read.put((Long) row[0], Duration.ofSeconds((Long) row[1]));
            }
            known = Map.copyOf(read);
            readAt = System.currentTimeMillis();
        }
        return known;
    }

    /** A network's release changed on this node: read them again at the next use. */
    public void changed() {
        readAt = 0;
    }
}
