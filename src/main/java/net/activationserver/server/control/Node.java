package net.activationserver.server.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
@ApplicationScoped
public class Node {

    @Inject
    AslConfig config;

    private String host;
    private Instant started;
    private String version;
    private volatile int port;

    @PostConstruct
    void start() {
        host = host();
        started = Instant.now().truncatedTo(ChronoUnit.MICROS);
        version = readVersion();
    }

    public String name() {
        return config.string(AslConfig.NODE_NAME).orElse(host);
    }

    /** host:port as other nodes, load balancers and operators reach this node. */
    public String address() {
        return config.string(AslConfig.NODE_ADDRESS).orElse(port == 0 ? host : host + ":" + port);
    }

    public String version() {
        return version;
    }

    public Instant started() {
        return started;
    }

    /**
     * The local port of a request this node served; the first one is kept (see {@link PortListener}). Public, as is
     * {@link #portKnown}, so that it is called through the bean's proxy on every runtime.
     */
    public void served(int localPort) {
        if (port == 0 && localPort > 0) {
            port = localPort;
        }
    }

    public boolean portKnown() {
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
