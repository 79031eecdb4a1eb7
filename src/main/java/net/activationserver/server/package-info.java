/**
 * Server: what every component stands on. The data source, start-up (settings check, Flyway migration,
 * schema validation, first-start keys and accounts, the demo profile), shared settings and keys, nonces,
 * housekeeping timers, health, metrics and ping, and the node registry (each node's row, refreshed on a timer,
 * listed for operators with nodes not seen lately marked DOWN).
 */
package net.activationserver.server;
