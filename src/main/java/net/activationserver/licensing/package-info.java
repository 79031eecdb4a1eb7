/**
 * Licensing: the pool. Owns the vendor-signed license files (entitlements: installed on the server, or contributed
 * by an appliance for as long as it lives), the license types and seats
 * they add up to, the global instance limit, and the seat rows activations claim. Also ships the vendor's
 * signing tool.
 */
package net.activationserver.licensing;
