package net.activationserver.activation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The mark of an ACTIVE instance the expiry sweep found silent: with it the instance is STALE (V8). Only queries use
 * it (the status filters of the instance lists); the sweep writes the rows in bulk and their instance's transitions
 * delete them.
 */
@Entity
@Table(name = "instance_stale")
public class StaleFlag {

    @Id
    @Column(name = "instance_id")
    private String instanceId;

    protected StaleFlag() {
    }

    /** JPQL: the instance {@code i} is flagged. */
    public static final String FLAGGED = "EXISTS (SELECT 1 FROM StaleFlag f WHERE f.instanceId = i.id)";
}
