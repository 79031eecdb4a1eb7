package net.activationserver.server.entity;

import java.time.Instant;

/** An admin removed a DOWN node from the node list (fired inside the transaction that removed it). */
public record NodeForgotten(Instant at, Actor by, String name, String address) {
}
