/**
 * Server: the ground floor, what every component stands on; it uses none of them. The data source, start-up (its own
 * settings check, Flyway migration, schema validation, the server id and appliance key; the components' own checks and
 * first-start work are the {@code SettingsCheck} and {@code Starting} events they observe), shared settings, nonces,
 * health, metrics and ping, the node registry (each node's row, refreshed on a timer, listed for operators with nodes
 * not seen lately marked DOWN), and the vocabulary every component speaks: {@code AslException} and its
 * {@code ProblemCode}s, and {@code Actor}, who acted.
 */
package net.activationserver.server;
