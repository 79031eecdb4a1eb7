package net.activationserver.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import net.activationserver.server.entity.Actor;

/** One line of the audit trail. Never changed once written. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_kind", nullable = false)
    private Actor.Kind actorKind;

    @Column(nullable = false)
    private String actor;

    /** The server node that wrote the line. */
    private String node;

    @Column(name = "instance_id")
    private String instanceId;

    @Column(nullable = false)
    private String message;

    protected AuditEvent() {
    }

    public AuditEvent(Instant at, Actor actor, String instanceId, String message, String node) {
        this.at = at;
        this.node = node;
        this.actorKind = actor.kind();
        this.actor = actor.name();
        this.instanceId = instanceId;
        this.message = message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    public Long id() {
        return id;
    }

    public Instant at() {
        return at;
    }

    public Actor.Kind actorKind() {
        return actorKind;
    }

    public String actor() {
        return actor;
    }

    public String node() {
        return node;
    }

    public String instanceId() {
        return instanceId;
    }

    public String message() {
        return message;
    }
}
