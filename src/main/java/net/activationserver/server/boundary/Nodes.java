package net.activationserver.server.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Map;
import net.activationserver.server.entity.Notice;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.server.entity.ConflictException;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Node;
import net.activationserver.server.entity.NodeForgotten;
import net.activationserver.server.entity.ServerNode;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Logger;

/**
 * The node registry: every node records itself (name, advertised address, version, start) and refreshes its
 * last-seen time on a timer; the console and the admin API list the nodes and mark those not seen lately DOWN.
 * Nothing depends on the registry: it is for operators, and no node is special.
 */
@Stateless
@PermitAll
public class Nodes {

    private static final Logger LOG = Logger.getLogger(Nodes.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Event<NodeForgotten> forgotten;

    @Inject
    AslConfig config;

    @Inject
    Event<Notice> notices;

    @Inject
    Node node;

    /**
     * This node was alive now: one upsert of its own row. It also reports, once each, a node that has not been seen for
     * {@link ServerNode#MISSED_REFRESHES} refresh periods ({@code node.down}), and itself when back after that
     * ({@code node.up}); a guard on the row's flag makes exactly one node report each.
     */
    public void seen(Instant now) {
        em.createNativeQuery("INSERT INTO node (name, address, version, started_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5)"
                        + " ON DUPLICATE KEY UPDATE address = VALUES(address), version = VALUES(version),"
                        + " started_at = VALUES(started_at), last_seen_at = VALUES(last_seen_at)")
                .setParameter(1, node.name())
                .setParameter(2, node.address())
                .setParameter(3, node.version())
                .setParameter(4, Timestamp.from(node.started()))
                .setParameter(5, Timestamp.from(now.truncatedTo(ChronoUnit.MICROS)))
                .executeUpdate();
        if (em.createNativeQuery("UPDATE node SET reported_down = FALSE WHERE name = ?1 AND reported_down").setParameter(1, node.name()).executeUpdate() == 1) {
            notices.fire(Notice.of(Notice.Type.NODE_UP, now, Map.of("node", node.name(), "address", node.address())));
        }
        Timestamp cutoff = Timestamp.from(now.minus(config.nodeRefresh().multipliedBy(ServerNode.MISSED_REFRESHES)));
        for (Object row : em.createNativeQuery("SELECT name, address, CAST(last_seen_at AS CHAR) FROM node WHERE NOT reported_down AND last_seen_at < ?1")
                .setParameter(1, cutoff).getResultList()) {
            Object[] down = (Object[]) row;
            if (em.createNativeQuery("UPDATE node SET reported_down = TRUE WHERE name = ?1 AND NOT reported_down AND last_seen_at < ?2")
                    .setParameter(1, down[0]).setParameter(2, cutoff).executeUpdate() == 1) {
                notices.fire(Notice.of(Notice.Type.NODE_DOWN, now, Map.of("node", down[0], "address", down[1],
                        "lastSeenAt", ((String) down[2]).replace(' ', 'T') + "Z")));
            }
        }
    }

    /** Every node that recorded itself, by name. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<NodeView> nodes() {
        Instant now = Instant.now();
        Duration refresh = config.nodeRefresh();
        String self = node.name();
        return em.createQuery("SELECT n FROM ServerNode n ORDER BY n.name", ServerNode.class).getResultList().stream()
                .map(n -> new NodeView(n.name(), n.address(), n.version(), n.startedAt().toString(), n.lastSeenAt().toString(),
                        n.downAt(now, refresh) ? "DOWN" : "UP", n.name().equals(self)))
                .toList();
    }

    /** Forgets a node that is gone for good (renamed or retired); only a DOWN node can be forgotten. */
    @RolesAllowed(Roles.ADMIN)
    public void forget(String name, Actor admin) {
        ServerNode forgottenNode = em.find(ServerNode.class, name);
        if (forgottenNode == null) {
            throw new UnknownNodeException(name);
        }
        Instant now = Instant.now();
        if (!forgottenNode.downAt(now, config.nodeRefresh())) {
            throw new ConflictException("Node " + name + " is UP (last seen " + forgottenNode.lastSeenAt() + "); only a DOWN node can be removed from the list.");
        }
        em.remove(forgottenNode);
        forgotten.fire(new NodeForgotten(now, admin, name, forgottenNode.address()));
        LOG.info(() -> "Node " + name + " removed from the node list by " + admin.name());
    }
}
