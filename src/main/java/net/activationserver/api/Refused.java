package net.activationserver.api;

/**
 * A refusal answered as problem+json, for the debug log (the audit component stores it, in a transaction of its own,
 * since the refused request's rolls back). Never carries a secret.
 */
public record Refused(String code, String message, String reason, String peer, String request) {
}
