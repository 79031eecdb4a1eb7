package net.activationserver.server.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;

/**
 * This server process among the nodes: its name ({@code asl.node.name}, else the host name), the address it
 * advertises ({@code asl.node.address}, else host name and the HTTP port it serves on), its version and start time.
 */
public final class Node {

    private static final String HOST = host();
    private static final Instant STARTED = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final String VERSION = readVersion();
    private static volatile int port;

    private Node() {
    }

    public static String name() {
        return AslConfig.string(AslConfig.NODE_NAME).orElse(HOST);
    }

    /** host:port as other nodes, load balancers and operators reach this node. */
    public static String address() {
        return AslConfig.string(AslConfig.NODE_ADDRESS).orElse(port == 0 ? HOST : HOST + ":" + port);
    }

    public static String version() {
        return VERSION;
    }

    public static Instant started() {
        return STARTED;
    }

    /** The local port of a request this node served; the first one is kept (see {@link PortListener}). */
    static void served(int localPort) {
        if (port == 0 && localPort > 0) {
            port = localPort;
        }
    }

    static boolean portKnown() {
        return port != 0;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String readVersion() {
        try (InputStream in = Node.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
