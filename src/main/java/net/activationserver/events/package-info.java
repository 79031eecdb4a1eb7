/**
 * Events: the stream of what happened that an operator is told of (the {@code event} table, written in the transaction
 * of each change), and its ways out: signed webhooks from a durable outbox, e-mail alerts, and syslog.
 */
package net.activationserver.events;
