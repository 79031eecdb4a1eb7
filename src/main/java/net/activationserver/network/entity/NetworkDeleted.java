package net.activationserver.network.entity;

/**
 * A network is being deleted, inside the deleting transaction: what it held moves to the default network. The
 * components that keep appliances in networks (activation, for the appliances licensed here) move theirs and count them.
 */
public final class NetworkDeleted {

    private final long from;
    private final long to;
    private int moved;

    public NetworkDeleted(long from, long to) {
        this.from = from;
        this.to = to;
    }

    public long from() {
        return from;
    }

    public long to() {
        return to;
    }

    public synchronized void moved(int count) {
        moved += count;
    }

    public synchronized int moved() {
        return moved;
    }
}
