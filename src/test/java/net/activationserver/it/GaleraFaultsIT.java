package net.activationserver.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Galera storm of {@link GaleraRaceIT} under faults ({@code mvn verify -Pgalera}): two server nodes on the three-node
 * cluster, first each on its own Galera node (multi-writer), then both on one with the others as standby
 * (single-writer), each server node given all three Galera nodes in order ({@code jdbc:mariadb:sequential}). In each
 * layout one storm kills a server node with SIGKILL in the middle, another kills a Galera node; afterwards the database
 * must hold exactly what was acknowledged, with no over-allocation. No answer is 500; a 503 only in the storm in which
 * a Galera node dies. The appliances of the storm know both server addresses and try the other when one does not
 * answer.
 */
class GaleraFaultsIT {

    private final List<ServerProcess> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (ServerProcess server : servers) {
            server.close();
        }
        servers.clear();
        GaleraCluster.start(); // every Galera node back for the next storm
    }

    @Test
    void multiWriterWhenAServerNodeIsKilled() throws Exception {
        storm("asl_galera_mw_server", new int[]{1, 2, 3}, new int[]{2, 3, 1}, Fault.SERVER_NODE);
    }

    @Test
    void multiWriterWhenAGaleraNodeIsKilled() throws Exception {
        storm("asl_galera_mw_galera", new int[]{1, 2, 3}, new int[]{2, 3, 1}, Fault.GALERA_NODE);
    }

    @Test
    void singleWriterWhenAServerNodeIsKilled() throws Exception {
        storm("asl_galera_sw_server", new int[]{1, 2, 3}, new int[]{1, 2, 3}, Fault.SERVER_NODE);
    }

    @Test
    void singleWriterWhenAGaleraNodeIsKilled() throws Exception {
        storm("asl_galera_sw_galera", new int[]{1, 2, 3}, new int[]{1, 2, 3}, Fault.GALERA_NODE);
    }

    enum Fault { SERVER_NODE, GALERA_NODE }

    private void storm(String database, int[] galeraOfA, int[] galeraOfB, Fault fault) throws Exception {
        GaleraCluster.start();
        GaleraCluster.freshDatabase(database);
        ServerProcess a = start("galera-a", GaleraCluster.failoverUrl(database, galeraOfA));
        ServerProcess b = start("galera-b", GaleraCluster.failoverUrl(database, galeraOfB));
        GaleraRaceIT.Storm storm = new GaleraRaceIT.Storm(List.of(new Http(a.base()), new Http(b.base())),
                "02:6C:" + String.format("%02X", new Random().nextInt(256)));
        storm.installPool("L-" + database);
        int killedGalera = galeraOfA[0]; // the Galera node server A writes through: in both layouts one that is written to
        storm.run(() -> {
            if (fault == Fault.SERVER_NODE) {
                b.kill();
                assertEquals(137, b.awaitExit(Duration.ofSeconds(30)), "server node B ended by SIGKILL");
            } else {
                GaleraCluster.kill(killedGalera);
            }
            return null;
        });
        storm.assertNoServerFault(fault == Fault.GALERA_NODE);
        if (fault == Fault.GALERA_NODE) {
            GaleraCluster.startNode(killedGalera);
            GaleraCluster.waitSynced();
        }
        int reader = fault == Fault.GALERA_NODE ? killedGalera : 3; // after a kill, the node that rejoined must agree too
        try (Connection db = GaleraCluster.connect(reader, database)) {
            long held = storm.assertConsistent(db);
            assertTrue(held <= GaleraRaceIT.LIMIT, "no over-allocation: " + held);
        }
    }

    private ServerProcess start(String name, String dbUrl) throws IOException {
        ServerProcess server = ServerProcess.start(GaleraRaceIT.settings(name, dbUrl));
        servers.add(server);
        server.awaitServing(Duration.ofMinutes(4));
        return server;
    }
}
