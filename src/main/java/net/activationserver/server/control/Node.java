package net.activationserver.server.control;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This server process's name among the nodes: {@code asl.node.name}, else the host name. */
public final class Node {

    private static final String HOST = host();

    private Node() {
    }

    public static String name() {
        return AslConfig.string(AslConfig.NODE_NAME).orElse(HOST);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
