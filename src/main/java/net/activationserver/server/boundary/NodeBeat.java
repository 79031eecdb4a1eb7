package net.activationserver.server.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Node;

/**
 * Records this node in the node registry at start (after the schema is migrated) and every {@code asl.node.refresh}
 * after; each run schedules the next with the interval configured then, like the expiry sweep.
 */
@Singleton
@jakarta.ejb.Startup
@DependsOn("Startup")
public class NodeBeat {

    private static final Logger LOG = Logger.getLogger(NodeBeat.class.getName());

    @Resource
    TimerService timers;

    @Inject
    Nodes nodes;

    @Inject
    AslConfig config;

    @Inject
    Node node;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        beat();
        LOG.info(() -> "Node " + node.name() + " (" + node.address() + ", version " + node.version() + ") recorded in the node registry");
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void refresh(Timer timer) {
        beat();
    }

    private void beat() {
        try {
            nodes.seen(Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not refresh this node in the node registry; trying again at the next interval: {0}", e.toString());
        } finally {
            timers.createSingleActionTimer(Math.max(100, config.nodeRefresh().toMillis()), new TimerConfig(null, false));
        }
    }
}
