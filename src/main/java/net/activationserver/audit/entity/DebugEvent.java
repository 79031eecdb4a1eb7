package net.activationserver.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One entry of the debug log: a refusal, why, and from where; {@code count} such refusals (same source, code, message
 * and reason) from {@code at} to {@code lastAt}, within a minute, of which {@code request} is the first's request line.
 */
@Entity
@Table(name = "debug_event")
public class DebugEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false)
    private String code;

    @Column(nullable = false)
    private String message;

    private String reason;

    private String peer;

    private String request;

    @Column(nullable = false)
    private int count = 1;

    @Column(name = "last_at")
    private Instant lastAt;

    protected DebugEvent() {
    }

    public DebugEvent(Instant at, String code, String message, String reason, String peer, String request) {
        this.at = at;
        this.code = code;
        this.message = cut(message, 1000);
        this.reason = cut(reason, 1000);
        this.peer = cut(peer, 64);
        this.request = cut(request, 300);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    public Long id() {
        return id;
    }

    public Instant at() {
        return at;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    public String reason() {
        return reason;
    }

    public String peer() {
        return peer;
    }

    public String request() {
        return request;
    }

    public int count() {
        return count;
    }

    /** The last of the refusals counted here (the first's time while there is one). */
    public Instant lastAt() {
        return lastAt == null ? at : lastAt;
    }
}
