package net.activationserver.agent;

import java.util.List;

/** Every address refused the connection, timed out, failed TLS or answered 5xx; one reason per address tried. */
public final class NoServerAnswered extends Exception {

    private final List<String> reasons;

    public NoServerAnswered(List<String> reasons) {
        super("no server answered: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
