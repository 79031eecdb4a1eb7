/**
 * The HTTP edge of the server: the JAX-RS application under /api/v1, the appliance proof (HMAC headers,
 * clock window, nonces), request limits, and the one mapper that turns every failure into an
 * application/problem+json answer with its ASL_* code.
 */
package net.activationserver.api;
