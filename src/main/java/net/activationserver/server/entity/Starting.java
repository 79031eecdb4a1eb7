package net.activationserver.server.entity;

import java.util.ArrayList;
import java.util.List;

/**
 * Start-up's last step, once the schema is migrated and validated: each component does its first-start work (safe
 * when several nodes start at once) in its own transaction. What an operator must be shown once (the demo profile's
 * generated admin password) is announced here and printed in the start-up banner.
 */
public final class Starting {

    private final boolean demo;
    private final List<String> announcements = new ArrayList<>();

    public Starting(boolean demo) {
        this.demo = demo;
    }

    public boolean demo() {
        return demo;
    }

    public synchronized void announce(String line) {
        announcements.add(line);
    }

    public synchronized List<String> announcements() {
        return List.copyOf(announcements);
    }
}
