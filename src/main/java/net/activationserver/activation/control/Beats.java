package net.activationserver.activation.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import net.activationserver.activation.entity.BadInstanceTokenException;
import net.activationserver.activation.entity.DeregisteredException;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.UnknownInstanceException;
import net.activationserver.activation.entity.SweepMark;
import net.activationserver.server.control.DataSourceConfig;
import net.activationserver.server.control.Nonces;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** What a heartbeat needs of its instance, in one primary-key read, and the checks every heartbeat makes of it. */
@ApplicationScoped
public class Beats {

    /**
     * What a heartbeat reads, by primary key (plain JDBC, see {@link Instance.Beat#of}), and in the same round trip whether its
     * request's nonce (the first parameter, may be null) is already in the shared nonce table.
     */
    static final String READ = "SELECT status, token_hash, mac, license_type, lease, lease_expires_at,"
            + " " + Nonces.SEEN + ", " + SweepMark.flagged("instance") + ", network_id"
            + " FROM instance WHERE id = ?";

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource database;

    /** One primary-key read with plain JDBC: the hot path of every heartbeat, no query to build or parse. */
    private Optional<Instance.Beat> read(String instanceId, String nonce) {
        try (Connection connection = database.getConnection(); PreparedStatement read = connection.prepareStatement(READ)) {
            read.setString(1, nonce);
            read.setString(2, instanceId);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.of(Instance.Beat.of(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("Reading instance " + instanceId + " failed", e);
        }
    }

    /** What a heartbeat needs of the instance, read by primary key; an unknown id is refused. */
    public Instance.Beat beat(String instanceId, String nonce) {
        return read(LockedInstances.requireUuid(instanceId), nonce).orElseThrow(() -> new UnknownInstanceException(instanceId));
    }

    /** Refuses a wrong token and a freed seat. */
    public static Instance.Beat checked(Instance.Beat beat, String instanceId, String token, String tokenHash) {
        if (token == null) {
            throw new BadInstanceTokenException(instanceId, "no bearer token");
        }
        if (!beat.tokenMatches(tokenHash)) {
            throw new BadInstanceTokenException(instanceId, "the bearer token does not match");
        }
        if (!beat.status().holdsSeat()) {
            throw new DeregisteredException(instanceId, beat.status());
        }
        return beat;
    }
}
