package net.activationserver.audit.boundary;

import net.activationserver.audit.entity.DebugEvent;

/** A debug log entry: {@code count} refusals alike from {@code at} to {@code lastAt}; {@code request} is the first one's. */
public record DebugEntryView(long id, String at, String code, String message, String reason, String peer, String request,
                             int count, String lastAt) {
    public static DebugEntryView of(DebugEvent e) {
        return new DebugEntryView(e.id(), e.at().toString(), e.code(), e.message(), e.reason(), e.peer(), e.request(),
                e.count(), e.lastAt().toString());
    }
}
