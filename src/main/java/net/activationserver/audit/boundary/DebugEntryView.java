package net.activationserver.audit.boundary;

import net.activationserver.audit.entity.DebugEvent;

public record DebugEntryView(long id, String at, String code, String message, String reason, String peer, String request) {
    public static DebugEntryView of(DebugEvent e) {
        return new DebugEntryView(e.id(), e.at().toString(), e.code(), e.message(), e.reason(), e.peer(), e.request());
    }
}
