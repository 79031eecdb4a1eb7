/**
 * Networks ("All Networks"): named groups of appliances for the admin. Owns the networks, the appliances added by hand
 * (licensed elsewhere), and the management access (address, port, encrypted password) of every appliance in a network;
 * appliances licensed here are the activation component's instances and join the default network when they activate.
 */
package net.activationserver.network;
