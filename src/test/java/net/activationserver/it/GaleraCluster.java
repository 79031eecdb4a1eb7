package net.activationserver.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The three-node MariaDB Galera cluster of {@code bin/galera-cluster} (installed and started when needed): node N takes
 * SQL on 127.0.0.1:340N as root without a password.
 */
final class GaleraCluster {

    /** The servers' account bin/galera-cluster creates. */
    static final String USER = "asl";
    static final String PASSWORD = "asl-galera";

    private GaleraCluster() {
    }

    /** Starts the nodes that are not running and waits until all three are Synced. */
    static void start() {
        run("start");
    }

    static void kill(int node) {
        run("kill", Integer.toString(node));
    }

    /** Starts node N again; it rejoins the cluster (a state transfer) and is Synced when this returns. */
    static void startNode(int node) {
        run("start-node", Integer.toString(node));
    }

    static void waitSynced() {
        run("wait-synced");
    }

    static String url(int node, String database) {
        return "jdbc:mariadb://127.0.0.1:" + (3400 + node) + "/" + database;
    }

    /** Several nodes in the order a server tries them ({@code sequential}: the first, and the next while it is down). */
    static String failoverUrl(String database, int... nodes) {
        StringBuilder hosts = new StringBuilder();
        for (int node : nodes) {
            hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(3400 + node);
        }
        return "jdbc:mariadb:sequential://" + hosts + "/" + database;
    }

    static Connection connect(int node, String database) throws SQLException {
        return DriverManager.getConnection(url(node, database), "root", "");
    }

    /** An empty database of that name, created through node 1 (Galera replicates it to the others). */
    static void freshDatabase(String name) {
        try (Connection db = connect(1, ""); Statement sql = db.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS `" + name + "`");
            sql.execute("CREATE DATABASE `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "bin/galera-cluster";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // the nodes it starts write to their own logs, so its output ends when it does
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("bin/galera-cluster " + String.join(" ", arguments) + " did not end");
            }
            System.out.print(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("bin/galera-cluster " + String.join(" ", arguments) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
