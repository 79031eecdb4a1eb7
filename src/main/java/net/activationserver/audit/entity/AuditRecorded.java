package net.activationserver.audit.entity;

import java.util.List;

/**
 * Audit lines were written (fired inside their transaction), for whoever sends the trail on (syslog): the lines
 * themselves, or for a set-based write, how to read them back ({@code AuditLog#written}).
 * @param lines the lines written, or empty for a set-based write
 * @param count how many a set-based write wrote (read back at once, in its transaction, by {@code AuditLog#written})
 */
public record AuditRecorded(List<AuditEvent> lines, int count) {
}
