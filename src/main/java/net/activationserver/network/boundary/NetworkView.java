package net.activationserver.network.boundary;

/** A network as the console lists it, with how many appliances it holds. */
public record NetworkView(long id, String name, boolean isDefault, long appliances) {
}
