/**
 * Activation: the appliance side of the product. Owns the Instance (one appliance, its MAC, status and
 * token hash), the activation, heartbeat, relicense and deregistration flows, and the signed leases.
 */
package net.activationserver.activation;
