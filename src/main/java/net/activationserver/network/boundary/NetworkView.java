package net.activationserver.network.boundary;

/** A network as the console lists it, with how many appliances it holds. */
/** @param releaseAfter this network's own asl.seat.release-after (ISO-8601), or null for the server's */
public record NetworkView(long id, String name, boolean isDefault, long appliances, String releaseAfter) {
}
