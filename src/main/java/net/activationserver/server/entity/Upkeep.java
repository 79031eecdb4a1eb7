package net.activationserver.server.entity;

import java.time.Instant;

/**
 * Every minute, on every node: components do their idempotent upkeep (forget what is past its time). Fired
 * asynchronously ({@code @ObservesAsync}): each observer runs in a transaction of its own, and one failing does not keep
 * the others from running.
 */
public record Upkeep(Instant at) {
}
