/**
 * Audit: the append-only audit trail (who did what to which instance, with the seed's exact lines) and the
 * debug log of refusals with their reasons, both stored in the database and queryable by admins.
 */
package net.activationserver.audit;
