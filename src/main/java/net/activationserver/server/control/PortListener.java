package net.activationserver.server.control;

import jakarta.inject.Inject;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Learns the HTTP port this node serves on from the first request it gets (Payara Micro, Payara Server and WildFly
 * have no portable way to tell an application), for the address the node registry shows unless
 * {@code asl.node.address} sets it. After the first request it is one volatile read.
 */
@WebListener
public class PortListener implements ServletRequestListener {

    @Inject
    Node node;

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (!node.portKnown()) {
            node.served(event.getServletRequest().getLocalPort());
        }
    }
}
