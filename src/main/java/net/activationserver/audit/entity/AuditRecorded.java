package net.activationserver.audit.entity;

import java.util.List;

/**
 * Audit lines were written (fired inside their transaction), for whoever sends the trail on (syslog): the lines
 * themselves, or for a set-based write, how to read them back ({@code AuditLog#written}).
 * @param lines the lines written, or empty for a set-based write
 * @param firstId the first id of a set-based write; {@code count} lines of this node from there on
 */
public record AuditRecorded(List<AuditEvent> lines, long firstId, int count) {
}
